import { addDays, businessDate, daysBetween, zoneOffsetMs } from '../shared/business-day.js';

// How dates and lists read in messages to employees (Chinese).

/** "4月2日" for a YYYY-MM-DD date. */
export function dayLabel(date: string): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日`;
}

/** "4月2日", or "2027年1月2日" when the date is not in today's year. */
export function dayLabelFrom(today: string, date: string): string {
  return date.slice(0, 4) === today.slice(0, 4) ? dayLabel(date) : `${date.slice(0, 4)}年${dayLabel(date)}`;
}

/** "12月8日 15:39" for an instant, in the business time zone (the year added when it is not this year's). */
export function dateTimeLabel(at: Date, now: Date, timeZone: string): string {
  const local = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${dayLabelFrom(businessDate(now, timeZone), businessDate(at, timeZone))} ${hh}:${mm}`;
}

/**
 * When a private customer drops, said the same way by every message, the bot and the mini-app:
 * "还剩 3 天，12月17日 0点掉保". Protection ends at the start of the drop day (the sweep takes the
 * customer minutes later), so the day named is the day it is gone, and 0点 says it is gone by morning.
 */
export function dropPhrase(dropAt: Date | null | undefined, now: Date, timeZone: string): string {
  if (!dropAt) {
    return '不会掉保';
  }
  if (dropAt.getTime() <= now.getTime()) {
    return '保护期已到，即将退回公海';
  }
  return dropDayPhrase(businessDate(now, timeZone), businessDate(dropAt, timeZone));
}

/** dropPhrase for a drop day (YYYY-MM-DD, the day the customer is gone) seen from today. */
export function dropDayPhrase(today: string, dropDay: string): string {
  const days = Math.max(1, daysBetween(today, dropDay));
  return `还剩 ${days} 天，${dayLabelFrom(today, dropDay)} 0点掉保`;
}

/** "4月2日" for an instant, in the business time zone. */
export function instantDayLabel(at: Date, timeZone: string): string {
  return dayLabel(businessDate(at, timeZone));
}

/** "今天", "明天", "后天", "3天后" — a date relative to today. */
export function relativeDay(today: string, date: string): string {
  const days = daysBetween(today, date);
  if (days === 0) {
    return '今天';
  }
  if (days === 1) {
    return '明天';
  }
  if (days === 2) {
    return '后天';
  }
  return days > 0 ? `${days}天后` : `${-days}天前`;
}

/** The date `days` after an instant's business date. */
export function dayAfter(at: Date, timeZone: string, days: number): string {
  return addDays(businessDate(at, timeZone), days);
}

/** Yuan as "12.5万" or "8,000元". */
export function yuan(amount: number): string {
  if (Math.abs(amount) >= 10_000) {
    return `${(amount / 10_000).toFixed(amount % 10_000 === 0 ? 0 : 1)}万`;
  }
  return `${Math.round(amount).toLocaleString('en-US')}元`;
}

export function percent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
}
