import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Config } from '../config/config.js';
import { connectDatabase, ensureIndexes } from '../models/shared/db/database.js';

// What a benchmark is, and the helpers they share. A benchmark file `bench/<name>.bench.ts` exports
// `benchmark`; bench/run.ts runs them all (or those named on the command line).

export interface BenchResult {
  metric: string;
  value: number;
  unit: string;
  /** What the number is measured on, e.g. "200,000 customers". */
  detail?: string;
  /** The same figure for the baseline measured in the same run, where one applies. */
  baseline?: { value: number; label: string };
}

export interface Benchmark {
  name: string;
  description: string;
  run(config: Config, log: (line: string) => void): Promise<BenchResult[]>;
}

/** Value at quantile q (0–1) of already sorted numbers. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

/** Times each call of `fn` over the inputs, sequentially; returns milliseconds, sorted. */
export async function timeEach<T>(inputs: readonly T[], fn: (input: T) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    await fn(input);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

export interface BenchDatabase {
  description: string;
  /** Environment for a server child process to use the same database (DATA_DIR or MONGODB_URI). */
  serverEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A fresh database on the local defaults: the embedded server with its file storage, as `npm start`
 * runs it, but under a temporary DATA_DIR so the real data is never touched. With MONGODB_URI set,
 * a separate `scrm_bench` database on that server, dropped afterwards.
 */
export async function benchDatabase(config: Config, log: (line: string) => void): Promise<BenchDatabase> {
  if (config.mongodbUri) {
    await mongoose.connect(config.mongodbUri, { dbName: 'scrm_bench' });
    // Mongoose starts building every model's collection and indexes on connect: let that finish first, or the
    // drop races it (and a model's init runs only once, so the indexes are then asked for directly).
    await ensureIndexes();
    await mongoose.connection.dropDatabase();
    await Promise.all(Object.values(mongoose.models).map((model) => model.createIndexes()));
    return {
      description: 'MongoDB (MONGODB_URI), database scrm_bench',
      serverEnv: { MONGODB_URI: withDatabaseName(config.mongodbUri, 'scrm_bench') },
      async close() {
        await mongoose.connection.dropDatabase();
        await mongoose.disconnect();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'scrm-bench-'));
  const database = await connectDatabase({ ...config, dataDir }, log);
  return {
    description: `embedded database, file storage (${database.description})`,
    // A server started on the same DATA_DIR reuses the running embedded database.
    serverEnv: { DATA_DIR: dataDir },
    async close() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The URI with its database name replaced (or added), keeping credentials and options. */
function withDatabaseName(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}
