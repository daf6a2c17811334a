import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';
import { asCustomer, buildImportSet, evalDecoys } from '../support/name-eval/eval-set.js';
import { formatImport, measureImport, seedCustomers } from '../support/name-eval/eval-run.js';
import { decoyTradeNames, loadHeldOut } from '../support/name-eval/held-out.js';

// The import half of the evaluation (tests/support/name-eval/): files of new companies, look-alike
// different companies and true duplicates (of customers and of earlier rows), imported on a
// database of decoys. A skipped new company is a false merge (a lost company); a duplicate neither
// skipped nor flagged 疑似重复 is a missed one.

useTestDatabase();

const DECOYS = 10_000;
const now = new Date('2026-03-02T02:00:00Z');
const heldOut = loadHeldOut();

beforeAll(async () => {
  await seedCustomers(evalDecoys(DECOYS).map(asCustomer), systemContext(now));
}, 600_000);

describe('import evaluation (names nobody here wrote rules from)', () => {
  for (const part of ['development', 'held-out'] as const) {
    it(`when the ${part} import file is imported, then at most 0.5 % of rows are merged into a different company and at most 10 % of duplicates go unnoticed`, async () => {
      const set = part === 'held-out' ? heldOut.imports : buildImportSet(5151, 400, 1500, decoyTradeNames());
      await seedCustomers(set.existing, systemContext(now));
      const scores = await measureImport(set, systemContext(now));
      console.info(`${formatImport(part, scores)}\n${scores.examples.slice(0, 30).join('\n')}`);
      expect(scores.falseMergeRate).toBeLessThanOrEqual(0.005);
      expect(scores.missedRate).toBeLessThanOrEqual(0.1);
    }, 300_000);
  }
});
