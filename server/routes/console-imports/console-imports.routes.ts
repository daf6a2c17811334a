import type Router from '@koa/router';
import { importRun, recentImports, startImport } from '../../../models/console/import-runs.js';
import type { AppDeps } from '../../app.js';
import { customerFileRows } from '../../cli/customer-file.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { readRawBody } from '../../middleware/raw-body.js';
import { inputOf } from '../../middleware/validate.js';
import { answer, apiRouter } from '../api-router.js';
import { consoleOperation } from '../openapi/operation.js';
import {
  importParams,
  importRunAnswer,
  importRunsAnswer,
  startImportQuery,
  type ImportParams,
  type StartImportQuery,
} from './console-imports.schema.js';
import { presentImportRun } from './import-run.presenter.js';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const consoleImportOperations = {
  start: consoleOperation({
    method: 'post',
    path: '/console/imports',
    query: startImportQuery,
    summary:
      '导入: the request body is the file (CSV/XLSX/TXT, any encoding); answers the run at once, progress follows',
    response: importRunAnswer,
    errors: ['PAYLOAD_TOO_LARGE', 'CSRF_FAILED'],
  }),
  list: consoleOperation({
    method: 'get',
    path: '/console/imports',
    summary: 'The latest imports with their reports',
    response: importRunsAnswer,
  }),
  run: consoleOperation({
    method: 'get',
    path: '/console/imports/:id',
    params: importParams,
    summary: 'One import: phase, rows done of total, and the report (imported, duplicates skipped, flagged, failed)',
    response: importRunAnswer,
    errors: ['NOT_FOUND'],
  }),
};

export function consoleImportRoutes(deps: AppDeps): Router {
  return apiRouter(deps, consoleImportOperations, {
    start: async (ctx) => {
      const { fileName } = inputOf<unknown, StartImportQuery>(ctx).query;
      const content = Buffer.from(await readRawBody(ctx, MAX_FILE_BYTES, 'latin1'), 'latin1');
      const rows = await customerFileRows(content, fileName, `导入:${fileName}`);
      const { run } = await startImport({ fileName, rows }, employeeDomainContext(ctx, deps));
      ctx.status = 202;
      ctx.body = presentImportRun(run);
    },
    list: answer(deps, async (_input, context) => ({ runs: (await recentImports(context)).map(presentImportRun) })),
    run: answer<unknown, unknown, ImportParams>(deps, async ({ params }, context) =>
      presentImportRun(await importRun(params.id, context)),
    ),
  });
}
