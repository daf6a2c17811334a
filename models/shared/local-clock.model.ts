import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// Local mode's time travel: how far the demo's clock runs ahead of the system time. One document,
// _id 'local', read by every process (server, emulator, jobs, CLI, bot) so they agree on "now".

export const LOCAL_CLOCK_ID = 'local';

const localClockSchema = new Schema(
  {
    _id: { type: String, default: LOCAL_CLOCK_ID },
    offsetMs: { type: Number, default: 0 },
  },
  { timestamps: true },
);

export type LocalClockDoc = InferRawDocTypeFromSchema<typeof localClockSchema>;
export const LocalClockModel = model('LocalClock', localClockSchema, 'local_clock');
