import { describe, expect, it } from 'vitest';
import { daysBetween, isoInZone, localToIso, nextDay } from '../../db/time';

describe('station-local time', () => {
  it('writes instants with the offset the zone has then, around DST changes too (offsets are cached)', () => {
    expect(isoInZone(new Date(Date.UTC(2026, 10, 23, 9, 5, 9, 120)), 'Asia/Shanghai')).toBe(
      '2026-11-23T17:05:09.120+08:00',
    );
    // New York springs forward at 2026-03-08 07:00 UTC and falls back at 2026-11-01 06:00 UTC.
    const ny = (ms: number) => isoInZone(new Date(ms), 'America/New_York');
    expect(ny(Date.UTC(2026, 2, 8, 6, 59, 59, 999))).toBe('2026-03-08T01:59:59.999-05:00');
    expect(ny(Date.UTC(2026, 2, 8, 7, 0, 0, 0))).toBe('2026-03-08T03:00:00.000-04:00');
    expect(ny(Date.UTC(2026, 10, 1, 5, 59, 0, 0))).toBe('2026-11-01T01:59:00.000-04:00');
    expect(ny(Date.UTC(2026, 10, 1, 6, 0, 0, 0))).toBe('2026-11-01T01:00:00.000-05:00');
    // Before 1970 and in a zone with a half-hour offset.
    expect(isoInZone(new Date(Date.UTC(1960, 0, 1, 0, 0, 0, 5)), 'UTC')).toBe(
      '1960-01-01T00:00:00.005+00:00',
    );
    expect(isoInZone(new Date(Date.UTC(2026, 0, 1, 0, 0)), 'Asia/Kolkata')).toBe(
      '2026-01-01T05:30:00.000+05:30',
    );
  });

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
