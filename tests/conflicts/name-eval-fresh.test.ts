import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';
import { asCustomer, evalDecoys } from '../support/name-eval/eval-set.js';
import {
  formatChecks,
  formatImport,
  measureChecks,
  measureImport,
  seedCustomers,
} from '../support/name-eval/eval-run.js';
import { buildFreshCheckSet, buildFreshImportSet } from '../support/name-eval/fresh-set.js';
import { decoyTradeNames } from '../support/name-eval/held-out.js';

// The fresh evaluation (tests/support/name-eval/fresh-set.ts): names composed from a package's
// vocabulary (faker's zh_CN locale) that neither the rules nor the first evaluation were written from,
// with a seed of its own, among decoys. Only scores are printed: its misses are never read for tuning.

useTestDatabase();

const DECOYS = 10_000;
const now = new Date('2026-03-02T02:00:00Z');

beforeAll(async () => {
  await seedCustomers(evalDecoys(DECOYS).map(asCustomer), systemContext(now));
}, 600_000);

describe('fresh matching evaluation (faker zh_CN vocabulary, not tuned on)', () => {
  it('when its variant and look-alike queries are checked, then recall@3 ≥ 0.95 with no class under 0.85 and at most 5 % false "same"', async () => {
    const set = buildFreshCheckSet(7301, 12, decoyTradeNames(DECOYS));
    const scores = await measureChecks(set, await seedCustomers(set.customers, systemContext(now)));
    console.info(formatChecks('fresh', scores));
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
    expect(scores.worstClass.hits / scores.worstClass.total, scores.worstClass.cls).toBeGreaterThanOrEqual(0.85);
    expect(scores.falseSameRate).toBeLessThanOrEqual(0.05);
  }, 300_000);

  it('when its import file is imported, then at most 0.5 % of rows are merged into another company and at most 10 % of duplicates go unnoticed', async () => {
    const set = buildFreshImportSet(7302, 400, 1500, decoyTradeNames(DECOYS));
    await seedCustomers(set.existing, systemContext(now));
    const scores = await measureImport(set, systemContext(now));
    console.info(formatImport('fresh import', scores));
    expect(scores.falseMergeRate).toBeLessThanOrEqual(0.005);
    expect(scores.missedRate).toBeLessThanOrEqual(0.1);
  }, 300_000);
});
