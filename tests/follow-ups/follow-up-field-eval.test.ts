import { describe, expect, it } from 'vitest';
import { fieldNotes } from './eval/eval-sets.js';
import { evaluate } from './eval/evaluate.js';

// The follow-up check on field notes: written as reps type them into WeCom after a call or visit,
// mostly with the form's fields empty, and labelled before the rules were read. Same goals as the
// development and held-out parts.

describe('follow-up check accuracy on field notes', () => {
  const notes = fieldNotes();

  it('when the field notes are loaded, then there are at least 160, with 60 gamed, in 12 classes each side', () => {
    expect(notes.length).toBeGreaterThanOrEqual(160);
    expect(notes.filter((n) => !n.valid).length).toBeGreaterThanOrEqual(60);
    for (const valid of [true, false]) {
      expect(new Set(notes.filter((n) => n.valid === valid).map((n) => n.class)).size).toBeGreaterThanOrEqual(12);
    }
  });

  it('when the field notes are checked, then ≥ 95 % of real notes pass and ≥ 95 % of gamed notes fail', () => {
    const evaluation = evaluate(notes);
    const report = evaluation.misjudged
      .map(
        (m) => `${m.note.valid ? '误拒' : '误收'} [${m.note.class}] ${m.note.text} → ${m.reasons.join(',') || 'valid'}`,
      )
      .join('\n');
    expect(evaluation.realAccepted, report).toBeGreaterThanOrEqual(0.95);
    expect(evaluation.gamedRefused, report).toBeGreaterThanOrEqual(0.95);
  });
});
