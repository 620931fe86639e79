/** The station's time zone unless set otherwise (DESIGN.md: Data). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes east of UTC that the zone is at the instant `ms`, read from Intl (slow: see below). */
function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((local - (ms - (((ms % 1000) + 1000) % 1000))) / 60000);
}

// Intl's formatToParts costs ~20 µs and a save asks for the time several times. Zones change
// offset only on quarter hours, so one answer per zone and quarter hour is exact.
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, { quarter: number; offset: number }>();

function offsetMinutesAt(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const cached = offsetCache.get(timeZone);
  if (cached?.quarter === quarter) return cached.offset;
  const offset = zoneOffsetMinutes(ms, timeZone);
  offsetCache.set(timeZone, { quarter, offset });
  return offset;
}

/** ISO 8601 with the zone's offset, e.g. 2026-11-23T17:05:09.120+08:00. */
export function isoInZone(date: Date = new Date(), timeZone: string = DEFAULT_TIME_ZONE): string {
  const ms = date.getTime();
  const offsetMinutes = offsetMinutesAt(ms, timeZone);
  const wall = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The calendar date (YYYY-MM-DD) in the zone. */
export function dateInZone(date: Date = new Date(), timeZone: string = DEFAULT_TIME_ZONE): string {
  return isoInZone(date, timeZone).slice(0, 10);
}

/**
 * A station-local wall time ('2026-03-08 09:30', or with a T) as ISO 8601 with the zone's
 * offset: 2026-03-08T09:30:00+08:00. In a zone with daylight saving, a time that does not
 * exist (the hour skipped in spring) moves forward and an ambiguous one takes the earlier instant.
 */
export function localToIso(local: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) throw new Error(`not a local date and time: ${local}`);
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  );
  // The zone's offsets a day either side; a wall time is valid with an offset that holds at it.
  const offsets = [
    ...new Set([wall - 86_400_000, wall + 86_400_000].map((t) => offsetMinutesAt(t, timeZone))),
  ];
  const valid = offsets
    .map((o) => wall - o * 60_000)
    .filter((t) => wall - offsetMinutesAt(t, timeZone) * 60_000 === t);
  const instant = valid.length ? Math.min(...valid) : wall - offsets[0]! * 60_000;
  return isoInZone(new Date(instant), timeZone).replace(/\.\d{3}/, '');
}

/** Whole days from date `a` to date `b` (YYYY-MM-DD each): positive when b is later. */
export function daysBetween(a: string, b: string): number {
  const t = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** A date (YYYY-MM-DD) moved by whole days (negative for earlier). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The day after a date (YYYY-MM-DD). */
export const nextDay = (date: string): string => addDays(date, 1);
