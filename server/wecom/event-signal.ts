// An in-process nudge from the callback endpoint to the event processor, so a stored event is worked
// on at once instead of at the next poll. Losing a nudge costs only latency: the processor also polls.

type Listener = () => void;

const listeners = new Set<Listener>();

export function onWecomEventStored(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function wecomEventStored(): void {
  for (const listener of listeners) {
    listener();
  }
}

/**
 * `send` for a stream of stored events, at most once per `ms`: at once for the first event after a quiet
 * spell (processing starts without delay), then once at the end of each `ms` in which more events were
 * stored — a nudge per burst, not per insert, however many callbacks a busy second stores.
 */
export function throttledNudge(send: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  let more = false;
  const window = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (more) {
        more = false;
        send();
        window();
      }
    }, ms);
    timer.unref();
  };
  return () => {
    if (timer) {
      more = true;
      return;
    }
    send();
    window();
  };
}
