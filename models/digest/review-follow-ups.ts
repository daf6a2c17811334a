import { FollowUpModel } from '../follow-ups/follow-up.model.js';
import { DAY } from '../shared/clock.js';
import { IN_LIMIT, type ReviewFollowUp, type ReviewWindow } from './review-data.js';

// The follow-ups of a review (review-data.ts): the reps' of today and the latest note of each A-class customer.

/** How far back the latest note of an A-class customer is looked for. */
const NOTE_DAYS = 30;

const ownerIn = (reps: Set<string>, id: unknown) => reps.has(String(id));

const followUpFields = { customerId: 1, authorId: 1, createdAt: 1, quality: 1, content: 1, nextStep: 1 };

/**
 * The follow-ups a review reads: the reps' of today and the A-class customers' over the note horizon. Many
 * reps: one read of the whole horizon. A few: today's by author and the A-class customers' by customer.
 */
async function recentFollowUps(reps: Set<string>, window: ReviewWindow, aClass: Set<string>, horizon: Date) {
  if (reps.size > IN_LIMIT || aClass.size > IN_LIMIT * 20) {
    return FollowUpModel.find({ createdAt: { $gte: horizon, $lte: window.now } }, followUpFields).lean();
  }
  const [today, notes] = await Promise.all([
    FollowUpModel.find(
      { authorId: { $in: [...reps] }, createdAt: { $gte: window.dayStart, $lte: window.now } },
      followUpFields,
    ).lean(),
    aClass.size === 0
      ? []
      : FollowUpModel.find(
          { customerId: { $in: [...aClass] }, createdAt: { $gte: horizon, $lte: window.now } },
          followUpFields,
        ).lean(),
  ]);
  const seen = new Set(today.map((f) => String(f._id)));
  return [...today, ...notes.filter((f) => !seen.has(String(f._id)))];
}

// One pass over the recent follow-ups serves both today's counts and the latest note of each A-class customer.
export async function reviewFollowUps(reps: Set<string>, window: ReviewWindow, aClass: Set<string>) {
  const noteHorizon = new Date(Math.min(window.dayStart.getTime(), window.now.getTime() - NOTE_DAYS * DAY));
  const recent = await recentFollowUps(reps, window, aClass, noteHorizon);
  const followUpsToday: ReviewFollowUp[] = [];
  const latestNotes = new Map<string, ReviewFollowUp>();
  for (const f of recent) {
    const note: ReviewFollowUp = {
      customerId: f.customerId,
      authorId: f.authorId,
      createdAt: f.createdAt,
      valid: f.quality?.valid === true,
      content: '',
      nextStep: f.nextStep,
    };
    if (f.createdAt >= window.dayStart && ownerIn(reps, f.authorId)) {
      followUpsToday.push(note);
    }
    const key = String(f.customerId);
    const seen = latestNotes.get(key);
    if (aClass.has(key) && (!seen || seen.createdAt < f.createdAt)) {
      latestNotes.set(key, { ...note, content: f.content.slice(0, 200) });
    }
  }
  return { followUpsToday, latestNotes };
}
