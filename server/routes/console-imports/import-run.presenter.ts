import type { StoredImportRun } from '../../../models/console/import-runs.js';
import type { ImportRunView } from './console-imports.schema.js';

// An import run as the 导入 page shows it (its progress bar, then its report): ids as strings, instants
// as ISO strings.

export function presentImportRun(run: StoredImportRun): ImportRunView {
  return {
    id: String(run._id),
    fileName: run.fileName,
    status: run.status,
    phase: run.phase,
    done: run.done,
    total: run.total,
    report: run.report as unknown,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
