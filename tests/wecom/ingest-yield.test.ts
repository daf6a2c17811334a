import { describe, expect, it } from 'vitest';
import { BUSY_PER_SECOND, IngestYield, PROBE_MS, QUIET_MS } from '../../server/wecom/ingest-yield.js';

// While WeCom callbacks arrive fast, the workers hold new work, and start again once no callback was stored
// for QUIET_MS; a burst longer than the hold still lets them work a second in every five; a trickle is
// worked on as it comes, once PROBE_MS have passed since the first callback after a quiet spell (its nudge
// comes alone; only the next can tell a burst). The HTTP process's nudges come at most every 100 ms, each with
// how many callbacks it stored since the one before.

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

  it('when callbacks trickle in below the busy rate, then the workers hold only until the next nudge could have told them of a burst', () => {
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
    // The nudges within PROBE_MS of the first one (at 0, 100, … ms).
    expect(held).toEqual(Array.from({ length: Math.floor(PROBE_MS / 100) + 1 }, (_, i) => i * 100));
  });

  it('when a burst begins with a lone nudge (its first callback is told at once), then the workers start nothing before the next one, which holds them', () => {
    const clock = { now: 1_000_000 };
    const ingest = new IngestYield(() => clock.now);
    const began = clock.now;
    ingest.stored(1);
    // The worker looks, sleeps what it is told, and looks again; the burst's second nudge comes 100 ms later.
    const firstWait = ingest.holdMs();
    expect(firstWait).toBe(PROBE_MS + 1);
    clock.now = began + 100;
    ingest.stored(470);
    clock.now = began + firstWait;
    expect(ingest.holdMs()).toBeGreaterThan(0);
    // Once the burst is over, they go ahead QUIET_MS after its last callback.
    clock.now = began + 100 + QUIET_MS + 1;
    expect(ingest.holdMs()).toBe(0);
  });

  it('when a trickle turns into a burst, then the workers hold from the nudge that crosses the busy rate', () => {
    const clock = { now: 1_000_000 };
    const ingest = new IngestYield(() => clock.now);
    const began = clock.now;
    // A trickle (one callback per nudge) past its first PROBE_MS, then nudges of 30.
    const counts = [1, 1, 1, 1, 30, 30, 30];
    const holds = counts.map((count, i) => {
      clock.now = began + i * 100;
      ingest.stored(count);
      return ingest.holdMs() > 0;
    });
    // Held while the trickle's first PROBE_MS last (0–200 ms), free after, held from the nudge that makes 64.
    expect(PROBE_MS).toBe(200);
    expect(holds).toEqual([true, true, true, false, false, true, true]);
  });

  it('when every stored callback tells the workers on its own (one process), then they hold from the one that reaches the busy rate, and not after the second has passed', () => {
    const clock = { now: 1_000_000 };
    const ingest = new IngestYield(() => clock.now);
    const began = clock.now;
    // BUSY_PER_SECOND callbacks over 980 ms, several in the same millisecond.
    const holds: boolean[] = [];
    const times: number[] = [];
    for (let i = 0; i < BUSY_PER_SECOND; i++) {
      clock.now = began + Math.floor(i / 3) * 60;
      times.push(clock.now - began);
      ingest.stored();
      holds.push(ingest.holdMs() > 0);
    }
    // Held while the first callback's probe lasts, free after it, held again from the one that reaches the rate.
    const afterProbe = times.findIndex((t) => t > PROBE_MS);
    expect(holds.slice(0, afterProbe).every(Boolean)).toBe(true);
    expect(holds.indexOf(true, afterProbe)).toBe(BUSY_PER_SECOND - 1);
    // Nothing more is stored: past QUIET_MS the workers go ahead; a lone callback later holds them only for its probe.
    clock.now += QUIET_MS + 1;
    expect(ingest.holdMs()).toBe(0);
    clock.now += 2000;
    ingest.stored();
    expect(ingest.holdMs()).toBe(PROBE_MS + 1);
    clock.now += PROBE_MS + 1;
    expect(ingest.holdMs()).toBe(0);
  });
});
