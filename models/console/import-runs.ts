import type { Types } from 'mongoose';
import { importCustomers, type ImportRow, type ImportProgress } from '../customers/use-cases/import-customers.js';
import { recordAudit } from '../org/audit.js';
import { actingEmployee } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';
import { AppError } from '../shared/app-error.js';
import type { DomainContext } from '../shared/domain-context.js';
import { ImportRunModel, type ImportRun } from './import-run.model.js';

// 导入 from the console: the rows go through the same import as the CLI (conflict check, bulk insert,
// owners), in the background; the run's document carries the progress bar and, at the end, the report.

export const MAX_IMPORT_ROWS = 50_000;

/** A stored run; the HTTP answer is shaped by server/routes/console-imports. */
export type StoredImportRun = ImportRun & { _id: Types.ObjectId };

async function assertMayImport(ctx: DomainContext): Promise<void> {
  await authorize(await actingEmployee(ctx.actor), 'importCustomers', null, ctx.now);
}

function assertImportable(rows: readonly ImportRow[]): void {
  if (rows.length === 0) {
    throw new AppError('VALIDATION_FAILED', '文件里没有可导入的客户（需要“客户名称”列或每行一个公司名）');
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('VALIDATION_FAILED', `一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分文件`);
  }
}

/** Records an import's progress on its run, at most a few writes a second. */
function progressWriter(runId: Types.ObjectId): (p: ImportProgress) => void {
  let last = 0;
  return (p: ImportProgress) => {
    // At most a few writes a second, however fast the rows go.
    if (Date.now() - last < 250 && p.done < p.total) return;
    last = Date.now();
    void ImportRunModel.updateOne(
      { _id: runId, status: 'running' },
      { $set: { phase: p.phase, done: p.done, total: p.total } },
    ).catch(() => undefined);
  };
}

/**
 * Starts an import and answers at once; `finished` settles when the import is done (tests and the CLI
 * may wait for it, the HTTP handler does not).
 */
export async function startImport(
  input: { fileName: string; rows: ImportRow[] },
  ctx: DomainContext,
): Promise<{ run: StoredImportRun; finished: Promise<void> }> {
  await assertMayImport(ctx);
  assertImportable(input.rows);
  const run = await ImportRunModel.create({
    fileName: input.fileName,
    startedBy: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : undefined,
    total: input.rows.length,
    startedAt: ctx.now,
  });
  const onProgress = progressWriter(run._id);
  const finished = importCustomers(input.rows, ctx, onProgress)
    .then(async (report) => {
      await ImportRunModel.updateOne(
        { _id: run._id },
        { $set: { status: 'done', phase: 'done', done: report.total, report, finishedAt: new Date() } },
      );
      await recordAudit(
        {
          action: 'import',
          subject: `import:${String(run._id)}`,
          after: {
            fileName: input.fileName,
            imported: report.imported,
            duplicates: report.duplicates.length,
            failed: report.failed.length,
          },
        },
        ctx.actor,
        ctx.now,
      );
    })
    .catch(async (error: unknown) => {
      await ImportRunModel.updateOne(
        { _id: run._id },
        {
          $set: {
            status: 'failed',
            error: error instanceof AppError ? error.message : '导入中断，请重试',
            finishedAt: new Date(),
          },
        },
      ).catch(() => undefined);
    });
  return { run: run.toObject(), finished };
}

export async function importRun(id: string, ctx: DomainContext): Promise<StoredImportRun> {
  await assertMayImport(ctx);
  const run = await ImportRunModel.findById(id).lean<StoredImportRun>();
  if (!run) {
    throw new AppError('NOT_FOUND', '找不到该导入任务');
  }
  return run;
}

export async function recentImports(ctx: DomainContext): Promise<StoredImportRun[]> {
  await assertMayImport(ctx);
  return ImportRunModel.find({}).sort({ startedAt: -1 }).limit(20).lean<StoredImportRun[]>();
}
