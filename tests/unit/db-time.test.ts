import { describe, expect, it } from 'vitest';
import { daysBetween, localToIso, nextDay } from '../../db/time';

describe('station-local time', () => {
  it('turns a local wall time into ISO 8601 with the zone offset', () => {
    expect(localToIso('2026-03-08 09:30', 'Asia/Shanghai')).toBe('2026-03-08T09:30:00+08:00');
    expect(localToIso('2026-03-08T09:30', 'Asia/Shanghai')).toBe('2026-03-08T09:30:00+08:00');
    expect(localToIso('2026-01-01 00:00')).toBe('2026-01-01T00:00:00+08:00');
    expect(localToIso('2025-12-31 23:59', 'UTC')).toBe('2025-12-31T23:59:00+00:00');
    // The instant is the one the clerk meant.
    expect(Date.parse(localToIso('2026-03-08 09:30', 'Asia/Shanghai'))).toBe(Date.UTC(2026, 2, 8, 1, 30));
  });

  it('handles daylight saving where a zone has it (the gap moves forward, the overlap takes the first)', () => {
    expect(localToIso('2026-07-01 12:00', 'Europe/Berlin')).toBe('2026-07-01T12:00:00+02:00');
    expect(localToIso('2026-01-15 12:00', 'Europe/Berlin')).toBe('2026-01-15T12:00:00+01:00');
    expect(localToIso('2026-03-08 02:30', 'America/New_York')).toBe('2026-03-08T03:30:00-04:00');
    expect(localToIso('2026-11-01 01:30', 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
  });

  it('refuses what is not a local date and time', () => {
    expect(() => localToIso('2026-03-08', 'Asia/Shanghai')).toThrow();
    expect(() => localToIso('yesterday', 'Asia/Shanghai')).toThrow();
  });

  it('counts days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2026-01-31', '2026-02-01')).toBe(1);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});
