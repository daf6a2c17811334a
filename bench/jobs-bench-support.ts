import { createWecomClient } from '../server/wecom/wecom.client.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../config/config.js';
import { silentLogger } from '../config/logger.js';
import { connectDatabase, type Database } from '../models/shared/db/database.js';
import { systemClock } from '../models/shared/clock.js';
import type { AppDeps } from '../server/app.js';
import type { BenchResult } from './bench.js';

// Shared by the job benchmarks: the local defaults (embedded database with H2 storage under a fresh
// temporary DATA_DIR), bulk seeding, invariant checks and figures for bench/run.ts.

export interface Figure {
  name: string;
  value: number;
  unit: string;
}

export interface BenchEnv {
  config: Config;
  deps: AppDeps;
  database: Database;
  close(): Promise<void>;
}

export async function startBenchDatabase(): Promise<BenchEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scrm-bench-'));
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const database = await connectDatabase(config);
  return {
    config,
    database,
    deps: {
      config,
      clock: systemClock,
      log: silentLogger,
      sessionSecret: 'bench-session-secret-0123456789abcdef',
      wecom: createWecomClient({ apiBase: config.wecomApiBase, credentials: config.wecom }),
    },
    async close() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BulkTarget {
  insertMany(docs: Record<string, unknown>[], options: { ordered: boolean }): Promise<unknown>;
}

/** Inserts documents through the driver in batches (no per-document validation cost). */
export async function bulkInsert(
  collection: BulkTarget,
  docs: Iterable<Record<string, unknown>>,
  batchSize = 5000,
): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let total = 0;
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length >= batchSize) {
      await collection.insertMany(batch, { ordered: false });
      total += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    await collection.insertMany(batch, { ordered: false });
    total += batch.length;
  }
  return total;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: Math.round(performance.now() - started) };
}

export function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`benchmark invariant broken: ${what}`);
  }
}

/** The figures as bench/run.ts reports them, each saying what it was measured on. */
export function figures(detail: string, list: Figure[]): BenchResult[] {
  return list.map((f) => ({ metric: f.name, value: f.value, unit: f.unit, detail }));
}
