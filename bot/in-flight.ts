import type { Logger } from '../config/logger.js';

// Every event handler runs through run(): its errors are logged, never thrown into Wechaty's event
// emitter (where they would crash the process), and shutdown can wait until handlers are done.

export interface InFlight {
  run(name: string, task: () => Promise<unknown>): void;
  /** Resolves when no handler is running (including handlers started while waiting). */
  idle(): Promise<void>;
}

export function inFlight(log: Logger): InFlight {
  const running = new Set<Promise<unknown>>();
  return {
    run(name, task) {
      const promise = Promise.resolve()
        .then(task)
        .catch((error: unknown) => log.error('bot handler failed', { handler: name, error }))
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async idle() {
      while (running.size > 0) {
        await Promise.allSettled([...running]);
      }
    },
  };
}
