import { createWecomClient } from '../server/wecom/wecom.client.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config } from '../config/config.js';
import { silentLogger } from '../config/logger.js';
import { connectDatabase, type Database } from '../models/db/database.js';
import { systemClock } from '../models/time/clock.js';
import type { AppDeps } from '../server/app.js';

// Shared by the job benchmarks: the local defaults (embedded database with H2 storage under a fresh
// temporary DATA_DIR), bulk seeding, a printed table and bench/results.json (merged, never replaced).

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
    deps: { config, clock: systemClock, log: silentLogger, sessionSecret: 'bench-session-secret-0123456789abcdef', wecom: createWecomClient({ apiBase: config.wecomApiBase, credentials: config.wecom }) },
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
export async function bulkInsert(collection: BulkTarget, docs: Iterable<Record<string, unknown>>, batchSize = 5000): Promise<number> {
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

const startedAt = Date.now();

/** A progress line on stderr, so a long benchmark shows where it is. */
export function progress(line: string): void {
  process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
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

const resultsFile = join(dirname(fileURLToPath(import.meta.url)), 'results.json');

/** Prints the figures as a table and merges them into bench/results.json under the benchmark's name. */
export function report(bench: string, description: string, figures: Figure[]): void {
  const width = Math.max(...figures.map((f) => f.name.length));
  console.log(`\n${bench}: ${description}`);
  console.log(`${'figure'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
  for (const f of figures) {
    console.log(`${f.name.padEnd(width)}  ${String(f.value).padStart(12)}  ${f.unit}`);
  }
  const existing = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown> : {};
  existing[bench] = {
    description,
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    database: 'embedded mongo-java-server, H2 storage',
    figures,
  };
  writeFileSync(resultsFile, `${JSON.stringify(existing, null, 2)}\n`);
}
