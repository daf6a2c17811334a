import { z } from 'zod';
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

export const importRunAnswer = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  phase: z.string().describe('check, insert, … done: the step the import is at'),
  done: z.number(),
  total: z.number(),
  report: z.unknown().describe('The import report when done (imported, duplicates, failed rows), else null'),
  error: z.string().describe('Why it failed, in Chinese'),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportRunView = z.infer<typeof importRunAnswer>;

export const importRunsAnswer = z.object({ runs: z.array(importRunAnswer) });
export type ImportRunsAnswer = z.infer<typeof importRunsAnswer>;
