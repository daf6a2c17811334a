import { FollowUpModel } from '../follow-ups/follow-up.model.js';
import { DAY } from '../shared/clock.js';
import { readInChunks } from '../shared/db/in-chunks.js';
import { IN_LIMIT, type ReviewFollowUp, type ReviewWindow } from './review-data.js';

// The follow-ups of a review (review-data.ts): the reps' of today and the latest note of each A-class customer.

/** How far back the latest note of an A-class customer is looked for. */
const NOTE_DAYS = 30;

const ownerIn = (reps: Set<string>, id: unknown) => reps.has(String(id));

const followUpFields = { customerId: 1, authorId: 1, createdAt: 1, quality: 1, content: 1, nextStep: 1 };

type StoredFollowUp = Pick<ReviewFollowUp, 'customerId' | 'authorId' | 'createdAt' | 'content' | 'nextStep'> & {
  quality?: { valid?: boolean };
};

const note = (f: StoredFollowUp, content: string): ReviewFollowUp => ({
  customerId: f.customerId,
  authorId: f.authorId,
  createdAt: f.createdAt,
  valid: f.quality?.valid === true,
  content,
  nextStep: f.nextStep,
});

/** The reps' follow-ups of today: by author (in chunks) for up to IN_LIMIT reps, else the day's for everyone. */
export async function todaysFollowUps(reps: Set<string>, window: ReviewWindow): Promise<ReviewFollowUp[]> {
  const today = { createdAt: { $gte: window.dayStart, $lte: window.now } };
  const read = (authors: Record<string, unknown>) =>
    FollowUpModel.find({ ...authors, ...today }, followUpFields).lean<StoredFollowUp[]>();
  const found =
    reps.size <= IN_LIMIT ? await readInChunks(reps, (chunk) => read({ authorId: { $in: chunk } })) : await read({});
  return found.filter((f) => ownerIn(reps, f.authorId)).map((f) => note(f, ''));
}

/** The latest note of each A-class customer over the note horizon (the first read wins a tie). */
export async function latestNotesOf(aClass: Set<string>, window: ReviewWindow): Promise<Map<string, ReviewFollowUp>> {
  const latestNotes = new Map<string, ReviewFollowUp>();
  if (aClass.size === 0) {
    return latestNotes;
  }
  const horizon = new Date(Math.min(window.dayStart.getTime(), window.now.getTime() - NOTE_DAYS * DAY));
  const recent = { createdAt: { $gte: horizon, $lte: window.now } };
  const read = (customers: Record<string, unknown>) =>
    FollowUpModel.find({ ...customers, ...recent }, followUpFields).lean<StoredFollowUp[]>();
  const found =
    aClass.size <= IN_LIMIT * 20
      ? await readInChunks(aClass, (chunk) => read({ customerId: { $in: chunk } }))
      : await read({});
  for (const f of found) {
    const key = String(f.customerId);
    const seen = latestNotes.get(key);
    if (aClass.has(key) && (!seen || seen.createdAt < f.createdAt)) {
      latestNotes.set(key, note(f, f.content.slice(0, 200)));
    }
  }
  return latestNotes;
}
