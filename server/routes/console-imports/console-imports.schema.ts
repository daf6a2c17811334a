import { z } from 'zod';
import type { ImportRunView } from '../../../models/console/import-runs.js';
import { idParams } from '../schema-parts.js';

export const startImportQuery = z.strictObject({
  fileName: z
    .string()
    .trim()
    .min(1, '缺少文件名')
    .max(200)
    .regex(/\.(csv|xlsx|txt)$/i, '只支持 CSV、XLSX 或 TXT 文件')
    .describe('The uploaded file’s name; its extension decides how it is read'),
});
export type StartImportQuery = z.infer<typeof startImportQuery>;

export const importParams = idParams;
export type ImportParams = z.infer<typeof importParams>;

export type { ImportRunView };
