import { followUpQuality } from '../models/follow-ups/follow-up-quality.js';
import { warmUpSegmenter } from '../models/follow-ups/quality/segmenter.js';
import { developmentNotes, heldOutNotes } from '../tests/follow-ups/eval/eval-sets.js';
import { evaluate, toContext } from '../tests/follow-ups/eval/evaluate.js';
import { quantile, type Benchmark, type BenchResult } from './bench.js';

// The follow-up check on the labelled evaluation (tests/follow-ups/eval): accuracy both ways (real
// notes accepted, filler and gamed notes refused) per part and per class, and the latency of one check.

const ROUNDS = 5;

function perPart(name: string, notes: ReturnType<typeof heldOutNotes>, log: (line: string) => void): BenchResult[] {
  const evaluation = evaluate(notes);
  const real = notes.filter((n) => n.valid).length;
  log(`${name}: ${notes.length} notes (${real} real, ${notes.length - real} filler or gamed)`);
  for (const c of [...evaluation.perClass].sort(
    (a, b) => Number(b.valid) - Number(a.valid) || a.class.localeCompare(b.class),
  )) {
    log(`  ${c.valid ? 'real ' : 'gamed'} ${c.class.padEnd(24)} ${c.correct}/${c.total}`);
  }
  for (const m of evaluation.misjudged) {
    log(`  misjudged [${m.note.class}] ${m.note.text} → ${m.reasons.join(',') || 'valid'}`);
  }
  return [
    {
      metric: `${name}: real notes accepted`,
      value: evaluation.realAccepted * 100,
      unit: '%',
      detail: `${real} notes; goal ≥ 95 %`,
    },
    {
      metric: `${name}: filler and gamed notes refused`,
      value: evaluation.gamedRefused * 100,
      unit: '%',
      detail: `${notes.length - real} notes; goal ≥ 95 %`,
    },
  ];
}

export const benchmark: Benchmark = {
  name: 'follow-up-quality',
  description: 'follow-up quality check: accuracy on the labelled notes (both ways, per class) and latency per check',
  run(_config, log) {
    const loadStart = performance.now();
    warmUpSegmenter();
    const loadMs = performance.now() - loadStart;
    const dev = developmentNotes();
    const held = heldOutNotes();
    const results = [...perPart('held-out', held, log), ...perPart('development', dev, log)];
    const all = [...held, ...dev];
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const note of all) {
        const started = performance.now();
        followUpQuality(note.text, toContext(note.context));
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    const detail = `${times.length.toLocaleString('en')} checks (${all.length} notes × ${ROUNDS}); goal p95 < 20 ms`;
    results.push(
      { metric: 'check latency p50', value: quantile(times, 0.5), unit: 'ms', detail },
      { metric: 'check latency p95', value: quantile(times, 0.95), unit: 'ms', detail },
      { metric: 'check latency max', value: quantile(times, 1), unit: 'ms', detail },
      { metric: 'segmenter load (once per process)', value: loadMs, unit: 'ms' },
    );
    return Promise.resolve(results);
  },
};
