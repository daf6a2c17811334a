import { beforeAll, describe, expect, it } from 'vitest';
import { insertPublicCustomers } from '../../models/customers/use-cases/bulk-insert.js';
import { checkConflicts } from '../../models/conflicts/check-conflicts.js';
import { parseCompanyName } from '../../models/conflicts/keys/company-name.js';
import type { ConflictQuery } from '../../models/conflicts/find-matches.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { generateCompany, seededRandom, type GeneratedCompany } from '../support/company-generator.js';
import {
  targetFor,
  unknownQueries,
  variantClasses,
  variantQuery,
  type LabelledQuery,
} from '../support/conflict-test-set.js';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';

// The labelled accuracy set of the conflict check: 50,000 realistic decoy companies, 308 targets
// with one query each across 14 variant classes (the expected answer is the target), and 100
// companies nobody has. Everything is generated from a fixed seed, so the numbers are reproducible.

useTestDatabase();

const DECOYS = 50_000;
const PER_CLASS = 22;
const now = new Date('2026-03-02T02:00:00Z');

const labelled: LabelledQuery[] = [];
let unknown: ConflictQuery[] = [];
let targetIds: string[] = [];

beforeAll(async () => {
  const random = seededRandom(20260302);
  const decoys = Array.from({ length: DECOYS }, () => generateCompany(random));
  const cores = new Set(decoys.flatMap((d) => parseCompanyName(d.input.name).readings.map((r) => r.core)));
  const coreTaken = (name: string) => parseCompanyName(name).readings.some((r) => cores.has(r.core));
  // Labelling: each target is a company of its own, so its brand appears nowhere else.
  const targets: GeneratedCompany[] = [];
  for (const variant of variantClasses) {
    for (let i = 0; i < PER_CLASS; i++) {
      let target = targetFor(variant, random);
      while (coreTaken(target.input.name)) {
        target = targetFor(variant, random);
      }
      parseCompanyName(target.input.name).readings.forEach((r) => cores.add(r.core));
      targets.push(target);
      labelled.push({ variant, query: variantQuery(variant, target, random), target: targets.length - 1 });
    }
  }
  // Unknown companies: a brand that exists under another name would be a judgement call, not a label.
  unknown = unknownQueries(random, 300)
    .filter((q) => !q.name || !coreTaken(q.name))
    .slice(0, 100);
  const ids = await insertPublicCustomers(
    [...decoys, ...targets].map((c) => c.input),
    systemContext(now),
  );
  targetIds = ids.slice(DECOYS).map(String);
}, 600_000);

describe('conflict check accuracy on 50,000 customers', () => {
  it('when 308 variant queries are checked, then the expected customer is in the top 3 for at least 95 % (and every variant class works)', async () => {
    expect(await CustomerModel.estimatedDocumentCount()).toBe(DECOYS + variantClasses.length * PER_CLASS);
    expect(labelled.length).toBeGreaterThanOrEqual(300);
    const found = new Map<string, { hits: number; total: number }>();
    const misses: string[] = [];
    for (const { variant, query, target } of labelled) {
      const { matches } = await checkConflicts(query, systemContext(now));
      const hit = matches.slice(0, 3).some((m) => m.customerId === targetIds[target]);
      const tally = found.get(variant) ?? { hits: 0, total: 0 };
      found.set(variant, { hits: tally.hits + (hit ? 1 : 0), total: tally.total + 1 });
      if (!hit) {
        misses.push(
          `${variant} ${JSON.stringify(query)} → ${matches
            .slice(0, 3)
            .map((m) => m.name)
            .join(' | ')}`,
        );
      }
    }
    const hits = [...found.values()].reduce((sum, t) => sum + t.hits, 0);
    const recall = hits / labelled.length;
    console.info(
      `recall@3 ${recall.toFixed(3)} (${hits}/${labelled.length}); by class: ${[...found].map(([v, t]) => `${v} ${t.hits}/${t.total}`).join(', ')}${misses.length ? `\nmisses:\n${misses.join('\n')}` : ''}`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
    for (const [variant, tally] of found) {
      expect(tally.hits / tally.total, variant).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('when 100 companies nobody has are checked, then at most 5 % get a "same entity" match', async () => {
    expect(unknown).toHaveLength(100);
    let falseSame = 0;
    let anyMatch = 0;
    for (const query of unknown) {
      const { matches } = await checkConflicts(query, systemContext(now));
      falseSame += matches.some((m) => m.relation === 'same') ? 1 : 0;
      anyMatch += matches.length > 0 ? 1 : 0;
    }
    console.info(`false "same entity" ${falseSame}/100; any match (incl. related or similar names) ${anyMatch}/100`);
    expect(falseSame / unknown.length).toBeLessThanOrEqual(0.05);
  });
});
