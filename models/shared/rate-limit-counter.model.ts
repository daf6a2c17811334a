import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// Requests per employee per fixed window (e.g. public-pool searches per minute). One document per
// (bucket, employee, window), incremented atomically with the limit in the filter, so the limit holds
// across server instances without a read-then-write race.

const rateLimitCounterSchema = new Schema(
  {
    /** `${bucket}:${employeeId}:${windowSeconds}:${windowIndex}`. */
    _id: { type: String, required: true },
    count: { type: Number, required: true, default: 0, min: 0 },
    /** When the window ends; real MongoDB removes spent counters through the TTL index. */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

rateLimitCounterSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type RateLimitCounter = InferRawDocTypeFromSchema<typeof rateLimitCounterSchema>;
export const RateLimitCounterModel = model('RateLimitCounter', rateLimitCounterSchema, 'rate_limit_counters');
