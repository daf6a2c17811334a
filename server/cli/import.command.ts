import {
  importCustomers,
  type ImportProgress,
  type ImportRow,
} from '../../models/customers/use-cases/import-customers.js';
import { systemActor } from '../../models/shared/domain-context.js';
import type { CliCommand } from './commands.js';
import { customerFileArgument, importRowsOf } from './customer-file.js';
import { writeOut } from './output.js';

// `npm run cli -- import <file>`: imports companies into the public pool (or to the rep named in an
// owner column), skipping every row that is the same company as an existing customer or an earlier
// row. Progress on stderr; the summary, with the duplicates skipped, on stdout (--json: all of it).

const phaseLabels: Record<ImportProgress['phase'], string> = { check: '查重', insert: '写入', assign: '分配负责人' };
const SHOWN = 50;

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import <file.csv|file.xlsx|file.txt> [--json]',
  summary: 'import customers, skipping duplicates (public pool unless an owner column is given)',
  async run(args, { config, clock }) {
    const file = await customerFileArgument(args, importCommand.usage);
    if (!file) {
      return 2;
    }
    const rows: ImportRow[] = importRowsOf(file.rows, file.path);
    let lastPhase = '';
    const report = await importCustomers(rows, { actor: systemActor('cli import'), now: clock.now(), config }, (p) => {
      const line = `${phaseLabels[p.phase]} ${p.done}/${p.total}`;
      if (process.stderr.isTTY) {
        process.stderr.write(`\r${line.padEnd(30)}`);
      } else if (p.phase !== lastPhase || p.done === p.total || p.done % 2000 === 0) {
        process.stderr.write(`${line}\n`);
      }
      lastPhase = p.phase;
    });
    if (process.stderr.isTTY) {
      process.stderr.write('\n');
    }
    if (args.includes('--json')) {
      await writeOut(`${JSON.stringify(report, null, 2)}\n`);
      return report.failed.length > 0 ? 1 : 0;
    }
    const out: string[] = [];
    out.push(
      `共 ${report.total} 行：导入 ${report.imported} 个客户（分配负责人 ${report.assigned} 个），跳过重复 ${report.duplicates.length} 行，疑似重复已导入并标记 ${report.flagged.length} 行，失败 ${report.failed.length} 行。`,
    );
    for (const d of report.duplicates.slice(0, SHOWN)) {
      out.push(
        `  重复 第${d.line}行 ${d.name} → ${d.duplicateOf.name}${d.duplicateOf.line ? `（文件第${d.duplicateOf.line}行）` : `（已有客户 ${d.duplicateOf.customerId}）`}`,
      );
    }
    for (const f of report.flagged.slice(0, SHOWN)) {
      const where = f.candidate.line ? `文件第${f.candidate.line}行` : `已有客户 ${f.candidate.customerId}`;
      out.push(`  疑似重复 第${f.line}行 ${f.name} ↔ ${f.candidate.name}（${where}）：${f.reason}`);
    }
    for (const f of report.failed.slice(0, SHOWN)) {
      out.push(`  失败 第${f.line}行 ${f.name}：${f.message}`);
    }
    if (Math.max(report.duplicates.length, report.flagged.length, report.failed.length) > SHOWN) {
      out.push('  （完整清单请加 --json）');
    }
    await writeOut(`${out.join('\n')}\n`);
    return report.failed.length > 0 ? 1 : 0;
  },
};
