// An in-process nudge from the callback endpoint to the event processor, so a stored event is worked
// on at once instead of at the next poll. Losing a nudge costs only latency: the processor also polls.
// A nudge carries how many events were stored since the last one, so the workers can tell a burst from a
// trickle.

type Listener = (count: number) => void;

/** At most one nudge per this many ms across a process boundary (throttledNudge). */
export const NUDGE_MS = 100;

const listeners = new Set<Listener>();

export function onWecomEventStored(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function wecomEventStored(count = 1): void {
  for (const listener of listeners) {
    listener(count);
  }
}

/**
 * `send` for a stream of stored events, at most once per `ms`: at once for the first event after a quiet
 * spell (the workers hear of it without delay), then once at the end of each `ms` in which more events were
 * stored — a nudge per burst, not per insert, however many callbacks a busy second stores. Each nudge
 * carries the number of events stored since the one before.
 */
export function throttledNudge(send: (count: number) => void, ms: number): (count?: number) => void {
  let timer: NodeJS.Timeout | undefined;
  let more = 0;
  const window = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (more > 0) {
        const count = more;
        more = 0;
        send(count);
        window();
      }
    }, ms);
    timer.unref();
  };
  return (count = 1) => {
    if (timer) {
      more += count;
      return;
    }
    send(count);
    window();
  };
}
