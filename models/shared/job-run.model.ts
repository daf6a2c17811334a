import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// One document per scheduled fire of a job: the lease that makes exactly one server instance run it
// (the first to insert the deterministic _id wins), then the record of how the run went.

export const jobRunStatuses = ['running', 'done', 'failed', 'skipped'] as const;

const jobRunSchema = new Schema(
  {
    /** `<job name>:<fire time ISO>` — node-cron's coordinator key. */
    _id: { type: String, required: true },
    job: { type: String, required: true },
    firedAt: { type: Date, required: true },
    /** Which server instance holds the lease. */
    instance: { type: String, required: true },
    status: { type: String, enum: jobRunStatuses, required: true, default: 'running' },
    startedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    summary: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: '' },
  },
  { versionKey: false },
);

jobRunSchema.index({ job: 1, firedAt: -1 });
// Housekeeping deletes old runs of every job.
jobRunSchema.index({ firedAt: 1 });

export type JobRun = InferRawDocTypeFromSchema<typeof jobRunSchema>;
export const JobRunModel = model('JobRun', jobRunSchema, 'job_runs');
