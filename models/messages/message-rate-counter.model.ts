import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// WeCom silently drops app messages past 30 a minute or 1000 an hour to one member (server/wecom/README.md §3.3).
// One counter per member and window, incremented with the limit in the filter, keeps every server
// instance under the limits together.

const messageRateCounterSchema = new Schema(
  {
    /** `${userId}:m:${windowStartMs}` (minute) or `${userId}:h:${windowStartMs}` (hour). */
    _id: { type: String, required: true },
    count: { type: Number, required: true, default: 0, min: 0 },
    /** When the window is over and the counter can be deleted. */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

messageRateCounterSchema.index({ expiresAt: 1 });

export type MessageRateCounter = InferRawDocTypeFromSchema<typeof messageRateCounterSchema>;
export const MessageRateCounterModel = model('MessageRateCounter', messageRateCounterSchema, 'message_rate_counters');
