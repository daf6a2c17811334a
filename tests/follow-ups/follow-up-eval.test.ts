import { describe, expect, it } from 'vitest';
import { developmentNotes, heldOutNotes } from './eval/eval-sets.js';
import { evaluate, type Evaluation } from './eval/evaluate.js';

// The follow-up check on labelled notes written independently of its rules (tests/follow-ups/eval):
// real notes must pass and filler or gamed notes must not, on the development part and on the
// frozen held-out part, which was never tuned on.

function report(evaluation: Evaluation): string {
  return evaluation.misjudged
    .map(
      (m) => `${m.note.valid ? '误拒' : '误收'} [${m.note.class}] ${m.note.text} → ${m.reasons.join(',') || 'valid'}`,
    )
    .join('\n');
}

describe('follow-up check accuracy on independent labelled notes', () => {
  const parts = [
    { name: 'the development part', notes: developmentNotes() },
    { name: 'the frozen held-out part', notes: heldOutNotes() },
  ];

  it('when the evaluation is loaded, then it has at least 300 notes per part, real and gamed, in many classes', () => {
    for (const { notes } of parts) {
      expect(notes.length).toBeGreaterThanOrEqual(300);
      expect(notes.filter((n) => n.valid).length).toBeGreaterThanOrEqual(120);
      expect(notes.filter((n) => !n.valid).length).toBeGreaterThanOrEqual(120);
      expect(new Set(notes.map((n) => n.class)).size).toBeGreaterThanOrEqual(20);
    }
  });

  it.each(parts)(
    'when $name is checked, then ≥ 95 % of real notes pass and ≥ 95 % of gamed notes fail',
    ({ notes }) => {
      const evaluation = evaluate(notes);
      expect(evaluation.realAccepted, report(evaluation)).toBeGreaterThanOrEqual(0.95);
      expect(evaluation.gamedRefused, report(evaluation)).toBeGreaterThanOrEqual(0.95);
    },
  );
});
