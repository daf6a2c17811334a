// The life of a child process of ours (the worker process, server/worker.ts; an HTTP process of
// WEB_CONCURRENCY > 1, server/http/instance.ts): it starts once on its parent's `start` message, ends when
// told to (`stop`) or when its parent is gone (the IPC channel closes) after the work in flight, and leaves
// signals to the parent, which stops it in order (a terminal's Ctrl-C reaches the whole group).

interface Lifecycle<M extends { type: string }> {
  /** For the start-up failure line: "worker", "HTTP process". */
  what: string;
  /** Starts on the start message; answers how to stop. */
  start(message: M): Promise<() => Promise<void>>;
  started?(): void;
  /** Any other message from the parent. */
  other?(message: M): void;
}

/** Wires the process to its parent; answers the stop, for more triggers (e.g. SIGTERM). */
export function runAsChildProcess<M extends { type: string }>(lifecycle: Lifecycle<M>): () => void {
  let stopping: Promise<void> | undefined;
  let stopIt: (() => Promise<void>) | undefined;
  const stop = (): void => {
    stopping ??= (stopIt?.() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('message', (message: M) => {
    if (message.type === 'start' && !stopIt && !stopping) {
      lifecycle.start(message).then(
        (stopper) => {
          stopIt = stopper;
          lifecycle.started?.();
          if (!process.connected) {
            stop();
          }
        },
        (error: unknown) => {
          console.error(`${lifecycle.what} start-up failed:`, error instanceof Error ? error.message : error);
          process.exit(1);
        },
      );
    } else if (message.type === 'stop') {
      stop();
    } else {
      lifecycle.other?.(message);
    }
  });
  process.on('disconnect', stop);
  process.on('SIGINT', () => undefined);
  return stop;
}
