import { describe, expect, it } from 'vitest';
import { latestAnswer } from '../../server/console/src/composables/latest-answer.js';

// The console's lists reload on every tab or filter change, and after an action (a ruling reloads the case list).
// When two loads overlap, the screen must end on the latest one's answer, whichever arrives last — the race the
// browser test of 申诉裁决 once hit on CI: 历史 clicked while the ruling was saved, and the older, empty answer
// landing last.

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('latest answer of overlapping loads', () => {
  it('when an earlier load answers after a later one, then the screen keeps the later answer', async () => {
    const answers = [deferred<string[]>(), deferred<string[]>()];
    let shown: string[] = [];
    let call = 0;
    const load = latestAnswer(
      () => answers[call++]!.promise,
      (list: string[]) => (shown = list),
    );
    const first = load();
    const second = load();
    answers[1]!.resolve(['维持原判']);
    await second;
    expect(shown).toEqual(['维持原判']);
    answers[0]!.resolve([]);
    await first;
    expect(shown).toEqual(['维持原判']);
  });

  it('when loads answer in order, then each answer is shown as it arrives and the last stays', async () => {
    let shown = '';
    const load = latestAnswer(
      (value: string) => Promise.resolve(value),
      (value: string) => (shown = value),
    );
    await load('待处理');
    expect(shown).toBe('待处理');
    await load('历史');
    expect(shown).toBe('历史');
  });
});
