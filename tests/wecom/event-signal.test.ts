import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttledNudge } from '../../server/wecom/event-signal.js';

// The HTTP process tells the worker process about stored callbacks at most once per 100 ms; the workers
// judge a burst from a trickle by the counts those nudges carry, so no stored callback may go uncounted.

describe('nudges about stored callbacks', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when callbacks are stored in a burst, then the first is told at once and the rest once per window, every one counted', () => {
    const sent: number[] = [];
    const nudge = throttledNudge((count) => sent.push(count), 100);
    nudge();
    expect(sent).toEqual([1]);
    for (let i = 0; i < 25; i++) {
      nudge();
    }
    nudge(5);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1, 30]);
    nudge();
    nudge();
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1, 30, 2]);
    // A quiet window ends the burst; the next callback is told at once again.
    vi.advanceTimersByTime(100);
    nudge();
    expect(sent).toEqual([1, 30, 2, 1]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(34);
  });
});
