// Display helpers. Times are shown in China time (UTC+8), the business time zone, whatever the phone's.

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

function china(iso: string): Date {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS);
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 3月9日 10:00 */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const d = china(iso);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 3月9日 */
export function date(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const d = china(iso);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** "2027年1月1日" when not in the current year (China time), else "1月1日". */
function dayWithYear(iso: string, nowMs: number): string {
  const at = china(iso);
  const now = new Date(nowMs + CHINA_OFFSET_MS);
  return at.getUTCFullYear() === now.getUTCFullYear() ? date(iso) : `${at.getUTCFullYear()}年${date(iso)}`;
}

/** Whole China-time calendar days from one instant's date to another's. */
function calendarDays(fromMs: number, toMs: number): number {
  const day = (ms: number) => Math.floor((ms + CHINA_OFFSET_MS) / 86_400_000);
  return day(toMs) - day(fromMs);
}

/**
 * When a private customer drops, in the phrase the server's messages and the bot use
 * (models/messages/format.ts dropPhrase): "还剩 3 天，12月17日 0点掉保".
 */
export function dropPhrase(dropsAt: string | null | undefined, nowMs = Date.now()): string {
  if (!dropsAt) {
    return '不会掉保';
  }
  const at = Date.parse(dropsAt);
  if (at <= nowMs) {
    return '保护期已到，即将退回公海';
  }
  return `还剩 ${Math.max(1, calendarDays(nowMs, at))} 天，${dayWithYear(dropsAt, nowMs)} 0点掉保`;
}

/** The drop countdown the server computed on its clock: the drop instant `at`, daysLeft after today. */
export function dropText(drop: { at: string; daysLeft: number } | null): string {
  if (!drop) {
    return '不会掉保';
  }
  if (drop.daysLeft < 0) {
    return '保护期已到，即将退回公海';
  }
  const days = drop.daysLeft + 1;
  return `还剩 ${days} 天，${dayWithYear(drop.at, Date.parse(drop.at) - days * 86_400_000)} 0点掉保`;
}
