import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// An import started from the console: its progress while it runs (so any instance can answer the
// progress bar) and its report when done.

const importRunSchema = new Schema(
  {
    fileName: { type: String, required: true },
    startedBy: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, enum: ['running', 'done', 'failed'] as const, required: true, default: 'running' },
    phase: { type: String, default: 'check' },
    done: { type: Number, default: 0 },
    total: { type: Number, default: 0 },
    report: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: '' },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false },
);

importRunSchema.index({ startedAt: -1 });

export type ImportRun = InferRawDocTypeFromSchema<typeof importRunSchema>;
export const ImportRunModel = model('ImportRun', importRunSchema, 'import_runs');
