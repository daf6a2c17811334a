import { systemActor, type DomainContext } from '../models/shared/domain-context.js';
import { asCustomer, buildCheckSet, buildImportSet, evalDecoys } from '../tests/support/name-eval/eval-set.js';
import {
  formatChecks,
  formatImport,
  measureChecks,
  measureImport,
  seedCustomers,
  type CheckScores,
} from '../tests/support/name-eval/eval-run.js';
import { decoyTradeNames, HELD_OUT_DECOYS, loadHeldOut } from '../tests/support/name-eval/held-out.js';
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
      // The import goes last: it adds its companies to the same database.
      const importSet = buildImportSet(5152, 1000, 4000, decoyTradeNames());
      await seedCustomers(importSet.existing, ctx);
      const imported = await measureImport(importSet, ctx);
      log(formatImport('import', imported));
      return [
        ...checkResults('held-out', held),
        ...checkResults('development', development),
        {
          metric: 'import false merges',
          value: imported.falseMergeRate,
          unit: 'ratio of rows',
          detail: `${imported.rows} rows`,
        },
        {
          metric: 'import missed duplicates',
          value: imported.missedRate,
          unit: 'ratio of duplicates',
          detail: `${imported.duplicates} true duplicates, ${imported.flagged} flagged 疑似重复`,
        },
        {
          metric: 'import flag rate',
          value: imported.flagged / imported.rows,
          unit: 'ratio of rows',
          detail: 'rows flagged 疑似重复 for ops to review',
        },
        ...imported.flaggedByClass.map((c) => ({
          metric: `import flagged ${c.truth} ${c.cls}`,
          value: c.flagged / c.total,
          unit: 'ratio of class',
          detail: `${c.total} rows`,
        })),
      ];
    } finally {
      await database.close();
    }
  },
};
