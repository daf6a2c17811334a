import { insertPublicCustomers } from '../models/customers/use-cases/bulk-insert.js';
import { checkConflicts } from '../models/conflicts/check-conflicts.js';
import { parseCompanyName } from '../models/conflicts/keys/company-name.js';
import { findMatches, type ConflictQuery } from '../models/conflicts/find-matches.js';
import { CustomerModel } from '../models/customers/customer.model.js';
import { systemActor, type DomainContext } from '../models/shared/domain-context.js';
import { generateCompany, pick, seededRandom, type GeneratedCompany } from '../tests/support/company-generator.js';
import { unknownQueries, variantClasses, variantQuery, type VariantClass } from '../tests/support/conflict-test-set.js';
import { countCommands, perOperation } from './command-counter.js';
import { benchDatabase, quantile, timeEach, type Benchmark, type BenchResult } from './bench.js';

// Conflict-check latency with 200,000 customers: the product's check (inverted index, _id lookups
// only) beside a naive scan (a $regex on the name containing the typed brand), on the same queries.

const CUSTOMERS = 200_000;
const QUERIES = 500;
const BASELINE_QUERIES = 40;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Labelled {
  query: ConflictQuery;
  /** Index into the seeded companies, or null for a company nobody has. */
  expected: number | null;
}

export const benchmark: Benchmark = {
  name: 'conflict-check',
  description: `conflict check (撞单查重) latency with ${CUSTOMERS.toLocaleString('en')} customers, beside a naive $regex scan`,
  async run(config, log) {
    const database = await benchDatabase(config, log);
    log(`database: ${database.description}`);
    try {
      const ctx: DomainContext = { actor: systemActor('bench'), now: new Date(), config };
      const random = seededRandom(200_000);
      const companies: GeneratedCompany[] = Array.from({ length: CUSTOMERS }, () => generateCompany(random));
      const seedStart = performance.now();
      // One import of all of them, as `npm run cli -- import` would: the index is written in one pass.
      const ids = (
        await insertPublicCustomers(
          companies.map((c) => c.input),
          ctx,
          (p) => {
            if (p.done % 50_000 === 0 || p.done === p.total) {
              log(
                `seeding: ${p.phase} ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} (${((performance.now() - seedStart) / 1000).toFixed(0)} s)`,
              );
            }
          },
        )
      ).map(String);
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const customers = await CustomerModel.estimatedDocumentCount();

      // Queries a rep would type for customers that exist, in every variant class, and unknown ones.
      // As in the accuracy test, targets are companies whose brand is theirs alone (among 200,000
      // random ones, some brands repeat, and then no single answer is right) and that suit the class.
      const coreCount = new Map<string, number>();
      for (const c of companies) {
        const core = parseCompanyName(c.input.name).core;
        coreCount.set(core, (coreCount.get(core) ?? 0) + 1);
      }
      const suits = (variant: VariantClass, c: GeneratedCompany) =>
        coreCount.get(parseCompanyName(c.input.name).core) === 1 &&
        ((variant !== 'typo' && variant !== 'swapped') || [...c.parts.brand].length >= 3) &&
        (variant !== 'email' || c.input.emails.length > 0) &&
        (variant !== 'region-extra' || c.parts.layout === 'none') &&
        (variant !== 'region-missing' || c.parts.layout === 'prefix');
      const labelled: Labelled[] = Array.from({ length: QUERIES - 100 }, (_, i) => {
        const variant = variantClasses[i % variantClasses.length]!;
        let expected = Math.floor(random() * companies.length);
        while (!suits(variant, companies[expected]!)) {
          expected = Math.floor(random() * companies.length);
        }
        return { query: variantQuery(variant, companies[expected]!, random), expected };
      });
      labelled.push(...unknownQueries(random, 100).map((query) => ({ query, expected: null })));
      const hitIn = (expected: number | null, found: string[]) =>
        expected !== null && found.slice(0, 3).includes(ids[expected]!);

      await timeEach(labelled.slice(0, 20), (l) => checkConflicts(l.query, ctx)); // warm-up
      let hits = 0;
      const checkTimes = await timeEach(labelled, async (l) => {
        const { matches } = await checkConflicts(l.query, ctx);
        hits += hitIn(
          l.expected,
          matches.map((m) => m.customerId),
        )
          ? 1
          : 0;
      });

      const counter = await countCommands();
      const metered = [];
      for (const l of labelled.slice(0, 100)) {
        metered.push(await counter.measure(() => checkConflicts(l.query, ctx)));
      }
      counter.stop();

      const named = labelled.filter((l) => l.query.name);
      const baselineSet = Array.from({ length: BASELINE_QUERIES }, () => pick(random, named));
      let baselineHits = 0;
      const baselineTimes = await timeEach(baselineSet, async (l) => {
        const brand = parseCompanyName(l.query.name!).core;
        const found = await CustomerModel.find({ name: { $regex: escape(brand) } }, { _id: 1 })
          .limit(10)
          .lean();
        baselineHits += hitIn(
          l.expected,
          found.map((c) => String(c._id)),
        )
          ? 1
          : 0;
      });

      const batch = labelled.map((l) => l.query);
      const bulkStart = performance.now();
      for (let i = 0; i < batch.length; i += 200) {
        await findMatches(batch.slice(i, i + 200));
      }
      const bulkPerSecond = batch.length / ((performance.now() - bulkStart) / 1000);

      const on = `${customers.toLocaleString('en')} customers`;
      const known = labelled.filter((l) => l.expected !== null).length;
      const baselineKnown = baselineSet.filter((l) => l.expected !== null).length;
      const naive = `naive $regex scan, ${baselineSet.length} name queries`;
      const results: BenchResult[] = [
        {
          metric: 'check p50',
          value: quantile(checkTimes, 0.5),
          unit: 'ms',
          detail: `${on}, ${labelled.length} queries`,
          baseline: { value: quantile(baselineTimes, 0.5), label: naive },
        },
        {
          metric: 'check p95',
          value: quantile(checkTimes, 0.95),
          unit: 'ms',
          detail: `${on}, ${labelled.length} queries`,
          baseline: { value: quantile(baselineTimes, 0.95), label: naive },
        },
        {
          metric: 'check p99',
          value: quantile(checkTimes, 0.99),
          unit: 'ms',
          detail: `${on}, ${labelled.length} queries`,
        },
        {
          metric: 'check recall@3',
          value: hits / known,
          unit: 'ratio',
          detail: `${known} labelled variant queries (14 classes)`,
          baseline: {
            value: baselineHits / Math.max(1, baselineKnown),
            label: `${naive}, ${baselineKnown} of the same queries`,
          },
        },
        ...perOperation('conflict check', metered, `${on}, the first 100 queries`),
        { metric: 'bulk check throughput', value: bulkPerSecond, unit: 'lines/s', detail: `${on}, batches of 200` },
        {
          metric: 'bulk insert + index',
          value: CUSTOMERS / seedSeconds,
          unit: 'customers/s',
          detail: `seeding ${CUSTOMERS.toLocaleString('en')}`,
        },
      ];
      return results;
    } finally {
      await database.close();
    }
  },
};
