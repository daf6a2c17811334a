import { describeMatches } from '../../models/conflicts/describe-matches.js';
import { findMatches, type ConflictQuery } from '../../models/conflicts/find-matches.js';
import type { CliCommand } from './commands.js';
import { readCustomerFile, splitList, type FileRow } from './customer-file.js';
import { writeOut } from './output.js';

// `npm run cli -- check <file>`: the conflict check for every company in a file, before an import.
// One JSON object per input row on stdout: {"query", "matches": [{customerId, name, relation, state,
// owner, matchedOn, score}]}, best match first. Progress goes to stderr.

const BATCH = 200;

export function queryOfRow(row: FileRow): ConflictQuery {
  const v = row.values;
  return {
    name: v.name,
    creditCode: v.creditCode,
    phones: splitList(v.phone),
    emails: splitList(v.email),
    boss: v.boss,
  };
}

export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check <file.csv|file.xlsx|file.txt>',
  summary: 'check every company in a file for existing customers (one JSON line per row)',
  async run(args, { clock }) {
    const path = args.find((a) => !a.startsWith('--'));
    if (!path) {
      console.error('usage: npm run cli -- check <file.csv|file.xlsx|file.txt>');
      return 2;
    }
    const rows = await readCustomerFile(path);
    const now = clock.now();
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const results = await findMatches(batch.map(queryOfRow));
      const lines = await Promise.all(
        batch.map(async (row, n) => {
          const matches = await describeMatches(results[n] ?? [], null, now);
          return JSON.stringify({
            query: row.values,
            matches: matches.map((m) => ({
              customerId: m.customerId,
              name: m.name,
              relation: m.relation,
              state: m.state,
              owner: m.owner ? { name: m.owner.name, team: m.owner.team } : null,
              matchedOn: m.matchedOn,
              score: m.score,
            })),
          });
        }),
      );
      await writeOut(`${lines.join('\n')}\n`);
      if (process.stderr.isTTY) {
        process.stderr.write(`\r已检查 ${Math.min(rows.length, start + BATCH)}/${rows.length}`);
      }
    }
    if (process.stderr.isTTY) {
      process.stderr.write('\n');
    }
    return 0;
  },
};
