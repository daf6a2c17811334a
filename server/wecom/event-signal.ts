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
