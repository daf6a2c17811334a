import { systemActor, type DomainContext } from '../models/shared/domain-context.js';
import { asCustomer, buildCheckSet, buildImportSet, evalDecoys } from '../tests/support/name-eval/eval-set.js';
import {
  formatChecks,
  formatImport,
  measureChecks,
  measureImport,
  seedCustomers,
  type CheckScores,
  type ImportScores,
} from '../tests/support/name-eval/eval-run.js';
import { buildFreshCheckSet, buildFreshImportSet } from '../tests/support/name-eval/fresh-set.js';
import { decoyTradeNames, HELD_OUT_DECOYS, loadHeldOut } from '../tests/support/name-eval/held-out.js';
import { buildPlaceSoundSet } from '../tests/support/name-eval/place-sounds-set.js';
import { buildFuzzySoundSet } from '../tests/support/name-eval/fuzzy-sounds-set.js';
import { benchDatabase, type Benchmark, type BenchResult } from './bench.js';

// The matching evaluation the rules were not written from (tests/support/name-eval/), at full size:
// 50,000 decoy companies, the frozen held-out set (122 real companies among them) and a development
// set; recall@3 per variant class, false "same" per look-alike class, and an import file's false
// merges and missed duplicates.

function checkResults(part: string, s: CheckScores): BenchResult[] {
  return [
    { metric: `${part} recall@3`, value: s.recall, unit: 'ratio', detail: `${s.classes.length} classes` },
    { metric: `${part} false same`, value: s.falseSameRate, unit: 'ratio', detail: 'look-alike different companies' },
    ...s.classes.map((c) => ({
      metric: `${part} ${c.cls}`,
      value: c.cls.startsWith('≠') ? c.falseSame / c.total : c.hits / c.total,
      unit: c.cls.startsWith('≠') ? 'false same' : 'recall@3',
      detail: `${c.total} queries`,
    })),
  ];
}

function importResults(part: string, s: ImportScores): BenchResult[] {
  return [
    { metric: `${part} false merges`, value: s.falseMergeRate, unit: 'ratio of rows', detail: `${s.rows} rows` },
    {
      metric: `${part} missed duplicates`,
      value: s.missedRate,
      unit: 'ratio of duplicates',
      detail: `${s.duplicates} true duplicates, ${s.flagged} flagged 疑似重复`,
    },
    {
      metric: `${part} flag rate`,
      value: s.flagged / s.rows,
      unit: 'ratio of rows',
      detail: 'rows flagged 疑似重复 for ops to review',
    },
    ...s.flaggedByClass.map((c) => ({
      metric: `${part} flagged ${c.truth} ${c.cls}`,
      value: c.flagged / c.total,
      unit: 'ratio of class',
      detail:
        c.truth === 'dup'
          ? `${c.total} rows, ${c.skipped} skipped, ${c.total - c.flagged - c.skipped} missed`
          : `${c.total} rows, ${c.skipped} false merges`,
    })),
  ];
}

export const benchmark: Benchmark = {
  name: 'name-eval',
  description: `matching evaluation on ${HELD_OUT_DECOYS.toLocaleString('en')} decoys: recall@3 per class, false same, import false merges`,
  async run(config, log) {
    const database = await benchDatabase(config, log);
    try {
      const ctx: DomainContext = { actor: systemActor('bench'), now: new Date(), config };
      const heldOut = loadHeldOut();
      const taken = decoyTradeNames();
      heldOut.checks.customers.forEach((c) => taken.add(c.name));
      const dev = buildCheckSet(5150, 24, taken);
      await seedCustomers(evalDecoys(HELD_OUT_DECOYS).map(asCustomer), ctx);
      const heldOutIds = await seedCustomers(heldOut.checks.customers, ctx);
      const devIds = await seedCustomers(dev.customers, ctx);
      const held = await measureChecks(heldOut.checks, heldOutIds);
      const development = await measureChecks(dev, devIds);
      log(formatChecks('held-out', held));
      log(formatChecks('development', development));
      // The fresh set (faker's vocabulary, its own seed): added after the rules were tuned, scores only.
      const freshChecks = buildFreshCheckSet(7309, 24, taken);
      const fresh = await measureChecks(freshChecks, await seedCustomers(freshChecks.customers, ctx));
      log(formatChecks('fresh', fresh));
      // Place words that sound alike (山西 / 陕西): a pinyin slip in the place word against a real other place.
      const placeChecks = buildPlaceSoundSet(8804, 40, taken);
      const places = await measureChecks(placeChecks, await seedCustomers(placeChecks.customers, ctx));
      log(formatChecks('place sounds', places));
      // Trade names typed with an input method's fuzzy sounds (智轩 for 志宣), and companies that read alike so.
      const fuzzyChecks = buildFuzzySoundSet(8812, 40, taken);
      const fuzzy = await measureChecks(fuzzyChecks, await seedCustomers(fuzzyChecks.customers, ctx));
      log(formatChecks('fuzzy sounds', fuzzy));
      // The import goes last: it adds its companies to the same database.
      const importSet = buildImportSet(5152, 1000, 4000, decoyTradeNames());
      await seedCustomers(importSet.existing, ctx);
      const imported = await measureImport(importSet, ctx);
      log(formatImport('import', imported));
      const freshImportSet = buildFreshImportSet(7310, 1000, 4000, taken);
      await seedCustomers(freshImportSet.existing, ctx);
      const freshImport = await measureImport(freshImportSet, ctx);
      log(formatImport('fresh import', freshImport));
      return [
        ...checkResults('held-out', held),
        ...checkResults('development', development),
        ...checkResults('fresh', fresh),
        ...checkResults('place sounds', places),
        ...checkResults('fuzzy sounds', fuzzy),
        ...importResults('import', imported),
        ...importResults('fresh import', freshImport),
      ];
    } finally {
      await database.close();
    }
  },
};
