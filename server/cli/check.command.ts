import { invalidCheckInput } from '../../models/conflicts/check-input.js';
import { describeMatches } from '../../models/conflicts/describe-matches.js';
import { findMatches, type ConflictQuery } from '../../models/conflicts/find-matches.js';
import type { CliCommand } from './commands.js';
import { customerFileArgument, splitList, type FileRow } from './customer-file.js';
import { writeOut } from './output.js';

// `npm run cli -- check <file>`: the conflict check for every company in a file, before an import.
// One JSON object per input row on stdout: {"query", "matches": [{customerId, name, relation, state,
// owner, matchedOn, score}]}, best match first, or {"query", "invalid": reason} for a row that cannot
// be checked. Progress and, at the end, a summary (rows, same, related, none, invalid) go to stderr.

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

interface Tally {
  same: number;
  related: number;
  none: number;
  invalid: number;
}

async function checkBatch(batch: FileRow[], tally: Tally, now: Date): Promise<string[]> {
  const queries = batch.map(queryOfRow);
  const problems = queries.map((q) => invalidCheckInput(q));
  const valid = queries.filter((_, n) => !problems[n]);
  const results = await findMatches(valid);
  let next = 0;
  return Promise.all(
    batch.map(async (row, n) => {
      const problem = problems[n];
      if (problem) {
        tally.invalid += 1;
        return JSON.stringify({ query: row.values, invalid: problem.message, matches: [] });
      }
      const matches = await describeMatches(results[next++] ?? [], null, now);
      const kind = matches.some((m) => m.relation === 'same') ? 'same' : matches.length > 0 ? 'related' : 'none';
      tally[kind] += 1;
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
}

export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check <file.csv|file.xlsx|file.txt>',
  summary: 'check every company in a file for existing customers (one JSON line per row)',
  async run(args, { clock }) {
    const file = await customerFileArgument(args, checkCommand.usage);
    if (!file) {
      return 2;
    }
    const { rows } = file;
    const now = clock.now();
    const tally: Tally = { same: 0, related: 0, none: 0, invalid: 0 };
    for (let start = 0; start < rows.length; start += BATCH) {
      const lines = await checkBatch(rows.slice(start, start + BATCH), tally, now);
      await writeOut(`${lines.join('\n')}\n`);
      const progress = `已检查 ${Math.min(rows.length, start + BATCH)}/${rows.length}`;
      process.stderr.write(process.stderr.isTTY ? `\r${progress}` : `${progress}\n`);
    }
    if (process.stderr.isTTY) {
      process.stderr.write('\n');
    }
    process.stderr.write(
      `共 ${rows.length} 行：同一客户 ${tally.same} 行，关联客户 ${tally.related} 行，无匹配 ${tally.none} 行，输入无效 ${tally.invalid} 行。\n`,
    );
    return 0;
  },
};
