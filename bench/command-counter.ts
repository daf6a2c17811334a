import mongoose from 'mongoose';
import { watchExamined, type ExaminedTotals } from '../tests/support/examined.js';
import type { BenchResult } from './bench.js';

// Commands per operation and what the embedded server examined for them (its per-command `examined`
// reply field), for the benchmarks: mongoose is reconnected to the same database with command monitoring.
// Beside them, this process's CPU time for the operation (user + system).

export interface Counted<T> {
  result: T;
  ms: number;
  counted: ExaminedTotals;
  cpuMs: number;
}

export interface CommandCounter {
  measure<T>(work: () => Promise<T>): Promise<Counted<T>>;
  stop(): void;
}

export async function countCommands(): Promise<CommandCounter> {
  const { host, port, name } = mongoose.connection;
  await mongoose.disconnect();
  await mongoose.connect(`mongodb://${host}:${port}/${name}`, { monitorCommands: true });
  // The new connection builds every model's indexes (mongoose's autoIndex): let that finish first, so its
  // createIndexes commands are not counted, nor timed, as the first measured operation's.
  await Promise.all(mongoose.modelNames().map((model) => mongoose.model(model).init()));
  const watch = watchExamined(mongoose.connection.getClient());
  return {
    async measure(work) {
      watch.take();
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await work();
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      return { result, ms, counted: watch.take(), cpuMs: (used.user + used.system) / 1000 };
    },
    stop: () => watch.stop(),
  };
}

/** The mean of a figure over measured runs, to one decimal. */
export function meanOf<T>(runs: readonly T[], pick: (run: T) => number): number {
  return Math.round((runs.reduce((sum, r) => sum + pick(r), 0) / Math.max(runs.length, 1)) * 10) / 10;
}

/** Commands, documents examined and Node CPU per operation, as three figures. */
export function perOperation(
  operation: string,
  runs: readonly Pick<Counted<unknown>, 'counted' | 'cpuMs'>[],
  detail: string,
): BenchResult[] {
  return [
    { metric: `commands per ${operation}`, value: meanOf(runs, (r) => r.counted.commands), unit: 'commands', detail },
    {
      metric: `documents examined per ${operation}`,
      value: meanOf(runs, (r) => r.counted.docs),
      unit: 'documents',
      detail,
    },
    { metric: `Node CPU per ${operation}`, value: meanOf(runs, (r) => r.cpuMs), unit: 'ms', detail },
  ];
}

/** The commands counted between two tallies of a server process (bench-server.ts), most frequent first. */
export function tallySince(before: Record<string, number>, after: Record<string, number>): [string, number][] {
  return Object.entries(after)
    .map(([command, n]): [string, number] => [command, n - (before[command] ?? 0)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
}
