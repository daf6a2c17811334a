import mongoose from 'mongoose';
import { watchExamined, type ExaminedTotals } from '../tests/support/examined.js';

// Commands per operation and what the embedded server examined for them (its per-command `examined`
// reply field), for the benchmarks: mongoose is reconnected to the same database with command monitoring.

export interface CommandCounter {
  measure<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; counted: ExaminedTotals }>;
  stop(): void;
}

export async function countCommands(): Promise<CommandCounter> {
  const { host, port, name } = mongoose.connection;
  await mongoose.disconnect();
  await mongoose.connect(`mongodb://${host}:${port}/${name}`, { monitorCommands: true });
  const watch = watchExamined(mongoose.connection.getClient());
  return {
    async measure(work) {
      watch.take();
      const started = performance.now();
      const result = await work();
      const ms = performance.now() - started;
      return { result, ms, counted: watch.take() };
    },
    stop: () => watch.stop(),
  };
}
