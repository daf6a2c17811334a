// Only the Simplified Chinese parser: the whole package (every locale) costs each bot start ~0.4 s of CPU.
import * as hans from 'chrono-node/zh/hans';
import { businessDate, startOfBusinessDate } from '../../models/shared/business-day.js';

// 跟进 <客户> <内容> 下周三: a date at the end of the note plans the next follow-up (下次跟进时间). Relative
// Chinese dates (明天, 后天, 3天后, 周五, 下周三, 3月20日, 下周三下午3点) are read by chrono-node's Chinese
// parser on the business time zone's calendar (whatever the machine's zone); only a day after today
// counts, and a bare day means 9:00.

const TRAILING = /[\s，,。.！!；;、]+$/;

export interface PlannedDate {
  at: Date;
  /** The words that named it, e.g. 下周三. */
  text: string;
}

/**
 * Noon of today in the business zone, as a machine-local Date showing that wall clock: what chrono reads
 * "today" from. Noon, because chrono takes 明天 said just after midnight to mean the coming day.
 */
function businessNoon(now: Date, timeZone: string): Date {
  const [y, m, d] = businessDate(now, timeZone).split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12, 0);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The next follow-up the note's last words plan, or null when it ends with no future date. */
export function trailingFollowUpDate(note: string, now: Date, timeZone: string): PlannedDate | null {
  const text = note.replace(TRAILING, '');
  const results = hans.parse(text, businessNoon(now, timeZone), { forwardDate: true });
  const last = results.at(-1);
  if (!last || last.index + last.text.length !== text.length) return null;
  const s = last.start;
  const day = `${s.get('year')}-${pad(s.get('month') ?? 1)}-${pad(s.get('day') ?? 1)}`;
  if (day <= businessDate(now, timeZone)) return null;
  const minutes = s.isCertain('hour') ? (s.get('hour') ?? 9) * 60 + (s.get('minute') ?? 0) : 9 * 60;
  return { at: new Date(startOfBusinessDate(day, timeZone).getTime() + minutes * 60_000), text: last.text.trim() };
}
