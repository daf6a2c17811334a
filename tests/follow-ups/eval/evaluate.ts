import { followUpQuality, type FollowUpContext } from '../../../models/follow-ups/follow-up-quality.js';
import type { EvalContext, EvalNote } from './eval-note.js';

// Runs the follow-up check over labelled notes: accuracy both ways (real notes accepted, filler and
// gamed notes refused), per class, with the misjudged notes and the time each check took.

export interface ClassResult {
  class: string;
  valid: boolean;
  total: number;
  correct: number;
}

export interface Evaluation {
  realAccepted: number;
  gamedRefused: number;
  perClass: ClassResult[];
  misjudged: { note: EvalNote; reasons: string[] }[];
  millis: number[];
}

export function toContext(context: EvalContext | undefined): FollowUpContext {
  if (!context) return {};
  const { nextFollowUpAt, ...rest } = context;
  return { ...rest, ...(nextFollowUpAt ? { nextFollowUpAt: new Date(nextFollowUpAt) } : {}) };
}

export function evaluate(notes: readonly EvalNote[]): Evaluation {
  const perClass = new Map<string, ClassResult>();
  const misjudged: Evaluation['misjudged'] = [];
  const millis: number[] = [];
  for (const note of notes) {
    const started = performance.now();
    const verdict = followUpQuality(note.text, toContext(note.context));
    millis.push(performance.now() - started);
    const key = `${note.valid ? 'real' : 'gamed'}:${note.class}`;
    const entry = perClass.get(key) ?? { class: note.class, valid: note.valid, total: 0, correct: 0 };
    entry.total++;
    if (verdict.valid === note.valid) entry.correct++;
    else misjudged.push({ note, reasons: verdict.reasons.map((r) => r.code) });
    perClass.set(key, entry);
  }
  const share = (valid: boolean) => {
    const group = [...perClass.values()].filter((c) => c.valid === valid);
    const total = group.reduce((sum, c) => sum + c.total, 0);
    return total === 0 ? 1 : group.reduce((sum, c) => sum + c.correct, 0) / total;
  };
  return { realAccepted: share(true), gamedRefused: share(false), perClass: [...perClass.values()], misjudged, millis };
}
