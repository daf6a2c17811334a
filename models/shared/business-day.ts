// Business days are counted in the company's time zone, not the machine's.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
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

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function exactWallTime(at: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

function exactOffsetMs(at: Date, timeZone: string): number {
  const w = exactWallTime(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

// Intl formatting is slow for the thousands of instants a digest reads (profiled: 16 % of it), and a zone's
// offset only changes at a transition. So the offset is kept per zone and UTC hour, when it is the same at
// the hour's first and last second; an hour holding a transition is formatted exactly every time.
const HOUR_MS = 3_600_000;
const hourOffsets = new Map<string, number | null>();

function offsetInHour(at: Date, timeZone: string): number | null {
  const hour = Math.floor(at.getTime() / HOUR_MS);
  const key = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const first = exactOffsetMs(new Date(hour * HOUR_MS), timeZone);
    offset = first === exactOffsetMs(new Date(hour * HOUR_MS + HOUR_MS - 1000), timeZone) ? first : null;
    if (hourOffsets.size >= 100_000) {
      hourOffsets.clear();
    }
    hourOffsets.set(key, offset);
  }
  return offset;
}

function wallTime(at: Date, timeZone: string): WallTime {
  const offset = offsetInHour(at, timeZone);
  if (offset === null) {
    return exactWallTime(at, timeZone);
  }
  const wall = new Date(Math.floor(at.getTime() / 1000) * 1000 + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** Offset of the zone from UTC at the given instant, in milliseconds. */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const w = wallTime(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The calendar date (YYYY-MM-DD) of an instant in the zone. */
export function businessDate(at: Date, timeZone: string): string {
  const w = wallTime(at, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;

/** The calendar date of an instant in the zone as whole days since 1970-01-01: businessDate() as a number. */
export function businessDayNumber(at: Date, timeZone: string): number {
  const offset = offsetInHour(at, timeZone);
  if (offset === null) {
    const w = exactWallTime(at, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day) / DAY_MS;
  }
  return Math.floor((Math.floor(at.getTime() / 1000) * 1000 + offset) / DAY_MS);
}

/** A YYYY-MM-DD date as whole days since 1970-01-01 (so daysBetween(a, b) is the difference of two of them). */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The instant at which the given calendar date starts in the zone. */
export function startOfBusinessDate(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even across a daylight-saving change.
  let instant = guess - zoneOffsetMs(new Date(guess), timeZone);
  instant = guess - zoneOffsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

/** Start of the business day containing `at`, moved by `days` whole calendar days. */
export function startOfBusinessDay(at: Date, timeZone: string, days = 0): Date {
  return startOfBusinessDate(addDays(businessDate(at, timeZone), days), timeZone);
}

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from date a to date b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
