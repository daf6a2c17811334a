import { readFileSync, writeFileSync } from 'node:fs';
import { buildCheckSet, buildImportSet, evalDecoys, type EvalSet, type ImportEvalSet } from './eval-set.js';

// The frozen held-out part of the evaluation: generated once (seed 90417, before the matching rules
// were rewritten) and stored in held-out.json, never regenerated while tuning. The development part
// is generated at run time from another seed. Run this file only to create the JSON from scratch:
//   npx tsx tests/support/name-eval/held-out.ts --freeze

export const HELD_OUT_DECOYS = 50_000;
const file = new URL('./held-out.json', import.meta.url);

export interface HeldOut {
  checks: EvalSet;
  imports: ImportEvalSet;
}

export function loadHeldOut(): HeldOut {
  return JSON.parse(readFileSync(file, 'utf8')) as HeldOut;
}

/** Trade names of the decoys and of the held-out set, which a development set must avoid. */
export function decoyTradeNames(count = HELD_OUT_DECOYS): Set<string> {
  return new Set(evalDecoys(count).map((d) => d.parts.tradeName));
}

if (process.argv.includes('--freeze')) {
  const taken = decoyTradeNames();
  const checks = buildCheckSet(90417, 12, taken, true);
  const imports = buildImportSet(90418, 400, 1500, taken, true);
  writeFileSync(file, `${JSON.stringify({ checks, imports })}\n`);
  console.log(
    `held-out: ${checks.customers.length} customers, ${checks.queries.length} queries, ${imports.rows.length} import rows`,
  );
}
