import { describe, expect, it } from 'vitest';
import { BUSY_PER_SECOND, IngestYield, QUIET_MS } from '../../server/wecom/ingest-yield.js';

// While WeCom callbacks arrive fast, the workers hold new work, and start again once no callback was stored
// for QUIET_MS; a burst longer than the hold still lets them work a second in every five; a trickle is
// worked on as it comes. The HTTP process's nudges come at most every 100 ms, each with how many callbacks
// it stored since the one before.

describe('the workers holding work for a burst of callbacks', () => {
  it('when a short burst ends, then the workers go ahead QUIET_MS after its last callback, not a whole QUIET_MS after they last looked', () => {
    const clock = { now: 1_000_000 };
    const ingest = new IngestYield(() => clock.now);
    expect(ingest.holdMs()).toBe(0);
    const began = clock.now;
    // 60 callbacks stored in every 100 ms for 400 ms; the worker looks when the first nudge arrives, sleeps
    // what it is told, and looks again.
    const stores = [0, 100, 200, 300, 400].map((t) => began + t);
    ingest.stored(60);
    let wakesAt = began + ingest.holdMs();
    for (;;) {
      for (const t of stores.filter((t) => t > clock.now && t <= wakesAt)) {
        clock.now = t;
        ingest.stored(60);
      }
      clock.now = wakesAt;
      const ms = ingest.holdMs();
      if (ms === 0) {
        break;
      }
      wakesAt = clock.now + ms;
    }
    expect(clock.now - stores.at(-1)!).toBe(QUIET_MS + 1);
  });

  it('when callbacks keep coming for longer than the hold, then the workers work in between, and hold again', () => {
    const clock = { now: 1_000_000 };
    const ingest = new IngestYield(() => clock.now);
    ingest.stored(60);
    const began = clock.now;
    const working: number[] = [];
    for (let t = 0; t < 10_000; t += 100) {
      clock.now = began + t;
      ingest.stored(60);
      if (ingest.holdMs() === 0) {
        working.push(t);
      }
    }
    // Four seconds held, one working, again.
    expect(working[0]).toBe(4000);
    expect(working.filter((t) => t < 5000)).toHaveLength(10);
    expect(working.filter((t) => t >= 5000 && t < 9000)).toHaveLength(0);
    expect(working.filter((t) => t >= 9000)).toHaveLength(10);
  });

  it('when callbacks trickle in below the busy rate, then the workers never hold', () => {
    const clock = { now: 1_000_000 };
    const ingest = new IngestYield(() => clock.now);
    const began = clock.now;
    // Just under BUSY_PER_SECOND, spread over ten nudges a second, for ten seconds.
    const perNudge = (BUSY_PER_SECOND - 1) / 10;
    const held: number[] = [];
    for (let t = 0; t < 10_000; t += 100) {
      clock.now = began + t;
      ingest.stored(perNudge);
      if (ingest.holdMs() > 0) {
        held.push(t);
      }
    }
    expect(held).toEqual([]);
  });

  it('when a trickle turns into a burst, then the workers hold from the nudge that crosses the busy rate', () => {
    const clock = { now: 1_000_000 };
    const ingest = new IngestYield(() => clock.now);
    const began = clock.now;
    // The first nudge of a burst carries one callback (it is sent at once); the next ones what 100 ms stored.
    const counts = [1, 30, 30, 30];
    const holds = counts.map((count, i) => {
      clock.now = began + i * 100;
      ingest.stored(count);
      return ingest.holdMs() > 0;
    });
    expect(holds).toEqual([false, false, true, true]);
  });

  it('when every stored callback tells the workers on its own (one process), then they hold from the one that reaches the busy rate, and not after the second has passed', () => {
    const clock = { now: 1_000_000 };
    const ingest = new IngestYield(() => clock.now);
    const began = clock.now;
    // BUSY_PER_SECOND callbacks over 980 ms, several in the same millisecond.
    const holds: boolean[] = [];
    for (let i = 0; i < BUSY_PER_SECOND; i++) {
      clock.now = began + Math.floor(i / 3) * 60;
      ingest.stored();
      holds.push(ingest.holdMs() > 0);
    }
    expect(holds.indexOf(true)).toBe(BUSY_PER_SECOND - 1);
    // Nothing more is stored: past QUIET_MS the workers go ahead, and a lone callback later does not hold them.
    clock.now += QUIET_MS + 1;
    expect(ingest.holdMs()).toBe(0);
    clock.now += 2000;
    ingest.stored();
    expect(ingest.holdMs()).toBe(0);
  });
});
