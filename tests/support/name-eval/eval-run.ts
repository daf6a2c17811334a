import { insertPublicCustomers } from '../../../models/customers/use-cases/bulk-insert.js';
import { findMatches } from '../../../models/conflicts/find-matches.js';
import { importCustomers, type ImportRow } from '../../../models/customers/use-cases/import-customers.js';
import type { DomainContext } from '../../../models/shared/domain-context.js';
import type { EvalCustomer, EvalSet, ImportEvalSet } from './eval-set.js';

// Runs an evaluation against the real engine and database and measures it: recall@3 per variant
// class, false "same" per look-alike class, and for an import the false merges and missed duplicates.

export async function seedCustomers(customers: EvalCustomer[], ctx: DomainContext): Promise<string[]> {
  const ids = await insertPublicCustomers(
    customers.map((c) => ({ ...c, source: 'import' as const })),
    ctx,
  );
  return ids.map(String);
}

export interface ClassScore {
  cls: string;
  total: number;
  /** Variant classes: the target in the top 3. */
  hits: number;
  /** Any customer reported "same" that is not the target (look-alikes: any "same" at all). */
  falseSame: number;
}

export interface CheckScores {
  classes: ClassScore[];
  recall: number;
  falseSameRate: number;
  worstClass: ClassScore;
  misses: string[];
}

export async function measureChecks(set: EvalSet, ids: string[]): Promise<CheckScores> {
  const byClass = new Map<string, ClassScore>();
  const misses: string[] = [];
  for (let i = 0; i < set.queries.length; i += 100) {
    const batch = set.queries.slice(i, i + 100);
    const results = await findMatches(batch.map((q) => ({ name: q.name })));
    batch.forEach((q, n) => {
      const matches = results[n]!;
      const expected = q.target === null ? null : ids[q.target]!;
      const score = byClass.get(q.cls) ?? { cls: q.cls, total: 0, hits: 0, falseSame: 0 };
      const hit = expected !== null && matches.slice(0, 3).some((m) => String(m.customer._id) === expected);
      const wrongSame = matches.some((m) => m.relation === 'same' && String(m.customer._id) !== expected);
      score.total += 1;
      score.hits += hit ? 1 : 0;
      score.falseSame += wrongSame ? 1 : 0;
      byClass.set(q.cls, score);
      if ((expected !== null && !hit) || wrongSame) {
        const shown = matches.slice(0, 3).map((m) => `${m.customer.name}(${m.relation} ${m.score})`);
        misses.push(`${q.cls}: ${q.name} → ${shown.join(' | ') || '—'}`);
      }
    });
  }
  const classes = [...byClass.values()];
  const variants = classes.filter((c) => !c.cls.startsWith('≠'));
  const hits = variants.reduce((s, c) => s + c.hits, 0);
  const total = variants.reduce((s, c) => s + c.total, 0);
  const lookAlikes = classes.filter((c) => c.cls.startsWith('≠'));
  const falseSame = lookAlikes.reduce((s, c) => s + c.falseSame, 0);
  const lookTotal = lookAlikes.reduce((s, c) => s + c.total, 0);
  const worstClass = [...variants].sort((a, b) => a.hits / a.total - b.hits / b.total)[0]!;
  return { classes, recall: hits / total, falseSameRate: falseSame / Math.max(1, lookTotal), worstClass, misses };
}

export function formatChecks(label: string, s: CheckScores): string {
  const lines = s.classes.map((c) =>
    c.cls.startsWith('≠')
      ? `  ${c.cls.padEnd(24)} false same ${c.falseSame}/${c.total}`
      : `  ${c.cls.padEnd(24)} recall@3 ${(c.hits / c.total).toFixed(2)} (${c.hits}/${c.total})${c.falseSame ? `, wrong same ${c.falseSame}` : ''}`,
  );
  return `${label}: recall@3 ${s.recall.toFixed(3)}, false same ${(100 * s.falseSameRate).toFixed(1)} %\n${lines.join('\n')}`;
}

export interface ImportScores {
  rows: number;
  duplicates: number;
  falseMerges: number;
  missed: number;
  flagged: number;
  falseMergeRate: number;
  missedRate: number;
  /** Rows flagged 疑似重复 (what ops must review) and skipped, per class of row (new companies, look-alikes, duplicates). */
  flaggedByClass: ClassFlags[];
  examples: string[];
}

interface ClassFlags {
  cls: string;
  truth: string;
  flagged: number;
  skipped: number;
  total: number;
}

function flagsPerClass(set: ImportEvalSet, flagged: Set<number>, skipped: Set<number>): ClassFlags[] {
  const byClass = new Map<string, ClassFlags>();
  set.rows.forEach((r, i) => {
    const key = `${r.truth}:${r.cls}`;
    const entry = byClass.get(key) ?? { cls: r.cls, truth: r.truth, flagged: 0, skipped: 0, total: 0 };
    entry.total += 1;
    entry.flagged += flagged.has(i + 2) ? 1 : 0;
    entry.skipped += skipped.has(i + 2) ? 1 : 0;
    byClass.set(key, entry);
  });
  return [...byClass.values()].sort((a, b) => a.truth.localeCompare(b.truth) || a.cls.localeCompare(b.cls));
}

export async function measureImport(set: ImportEvalSet, ctx: DomainContext): Promise<ImportScores> {
  const rows: ImportRow[] = set.rows.map((r, i) => ({
    line: i + 2,
    name: r.name,
    creditCode: r.creditCode,
    source: 'import',
  }));
  const report = await importCustomers(rows, ctx);
  const skipped = new Set(report.duplicates.map((d) => d.line));
  const flaggedReport = (report as { flagged?: { line: number }[] }).flagged ?? [];
  const flagged = new Set(flaggedReport.map((f) => f.line));
  const examples: string[] = [];
  let falseMerges = 0;
  let missed = 0;
  set.rows.forEach((r, i) => {
    const line = i + 2;
    if (r.truth === 'new' && skipped.has(line)) {
      falseMerges += 1;
      const d = report.duplicates.find((x) => x.line === line)!;
      examples.push(`false merge (${r.cls}): ${r.name} → ${d.duplicateOf.name}`);
    }
    if (r.truth === 'dup' && !skipped.has(line) && !flagged.has(line)) {
      missed += 1;
      examples.push(`missed (${r.cls}): ${r.name}`);
    }
  });
  const duplicates = set.rows.filter((r) => r.truth === 'dup').length;
  // False merges first: they are the losses.
  examples.sort((a, b) => Number(b.startsWith('false')) - Number(a.startsWith('false')));
  return {
    rows: set.rows.length,
    duplicates,
    falseMerges,
    missed,
    flagged: flagged.size,
    falseMergeRate: falseMerges / set.rows.length,
    missedRate: missed / Math.max(1, duplicates),
    flaggedByClass: flagsPerClass(set, flagged, skipped),
    examples,
  };
}

export function formatImport(label: string, s: ImportScores): string {
  const classes = s.flaggedByClass.map((c) => {
    const missed = c.total - c.flagged - c.skipped;
    const outcome = c.truth === 'dup' ? `skipped ${c.skipped}, missed ${missed}` : `false merges ${c.skipped}`;
    return `  ${`${c.truth} ${c.cls}`.padEnd(28)} flagged ${c.flagged}/${c.total} (${((100 * c.flagged) / c.total).toFixed(1)} %), ${outcome}`;
  });
  return [
    `${label}: ${s.rows} rows, ${s.duplicates} true duplicates; false merges ${s.falseMerges} (${(100 * s.falseMergeRate).toFixed(2)} % of rows), missed duplicates ${s.missed} (${(100 * s.missedRate).toFixed(1)} %), flagged 疑似重复 ${s.flagged} (${((100 * s.flagged) / s.rows).toFixed(1)} % of rows)`,
    ...classes,
  ].join('\n');
}
