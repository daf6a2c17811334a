import { addDays, businessDate, daysBetween } from '../shared/business-day.js';

// How dates and lists read in messages to employees (Chinese).

/** "4月2日" for a YYYY-MM-DD date. */
export function dayLabel(date: string): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日`;
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
