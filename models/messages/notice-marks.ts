import { NoticeMarkModel } from './notice-mark.model.js';
import { DAY } from '../shared/clock.js';

// "Already told" marks are kept well past any drop date they refer to, then pruned.

export async function pruneNoticeMarks(now: Date, days = 120): Promise<number> {
  const marks = await NoticeMarkModel.deleteMany({ at: { $lt: new Date(now.getTime() - days * DAY) } });
  return marks.deletedCount;
}
