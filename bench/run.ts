import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../config/config.js';
import type { Benchmark, BenchResult } from './bench.js';

// `npm run bench [-- <name>… [--flag value]…]`: runs every bench/*.bench.ts (or the named ones), prints a
// table and writes bench/results.json. Flags (sizes) are read by the benchmarks themselves. Performance goals live here, never in timed tests.

const here = dirname(fileURLToPath(import.meta.url));

async function main(names: string[]): Promise<void> {
  const config = { ...loadConfig(), logLevel: 'warn' as const };
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(here, file)).href)) as { benchmark?: Benchmark };
    if (module.benchmark && (names.length === 0 || names.includes(module.benchmark.name))) {
      benchmarks.push(module.benchmark);
    }
  }
  if (benchmarks.length === 0) {
    console.error(`no benchmark matches ${names.join(', ')}; available: ${files.join(', ')}`);
    process.exit(2);
  }
  const results: (BenchResult & { bench: string; load?: string })[] = [];
  for (const benchmark of benchmarks) {
    console.log(`▶ ${benchmark.name}: ${benchmark.description}`);
    const started = performance.now();
    // The machine may be shared: the 1-minute load average before and after, beside every figure.
    const loadBefore = loadavg()[0]!;
    const measured = await benchmark.run(config, (line) => console.log(`  ${line}`));
    const load = `${loadBefore.toFixed(1)}→${loadavg()[0]!.toFixed(1)}`;
    results.push(...measured.map((r) => ({ bench: benchmark.name, ...r, load })));
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s (load average ${load})`);
  }
  // Benchmarks that drive a server child process report its peak RSS themselves; this is the rest
  // (jobs and checks run in this process).
  results.push({
    bench: 'memory',
    metric: 'peak RSS of the bench process',
    value: process.resourceUsage().maxRSS / 1024,
    unit: 'MB',
    detail: `in-process runs of ${benchmarks.map((b) => b.name).join(', ')}`,
  });
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
  writeFileSync(
    join(here, 'results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2)}\n`,
  );
  printTable(results);
  console.log(
    `\nmachine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}; written to bench/results.json`,
  );
}

function printTable(results: (BenchResult & { bench: string; load?: string })[]): void {
  const rows = results.map((r) => [
    r.bench,
    r.metric,
    formatValue(r.value),
    r.unit,
    r.baseline ? `${formatValue(r.baseline.value)} (${r.baseline.label})` : '',
    r.load ?? '',
    r.detail ?? '',
  ]);
  const header = ['benchmark', 'metric', 'value', 'unit', 'baseline (same run)', 'load', 'measured on'];
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i]!))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c + ' '.repeat(widths[i]! - width(c)))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  rows.forEach((row) => console.log(line(row)));
}

const formatValue = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1));
// CJK characters take two columns in a terminal.
const width = (text: string) => [...text].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);

const args = process.argv.slice(2);
main(args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'))).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
