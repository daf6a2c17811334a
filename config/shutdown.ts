import type { Logger } from './logger.js';

// How a process of the product ends (the server, the bot): on SIGINT or SIGTERM, once, it logs the
// signal, runs its own shut-down and exits.

export function shutDownOnSignals(log: Logger, shutDown: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info('shutting down', { signal });
    await shutDown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
