import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// Remembers that an employee was told something once and for all (e.g. the 3-day warning before a
// given drop date), so later runs leave it out. The key is the _id: a lookup by $in uses the index
// on every database, including the embedded one.

const noticeMarkSchema = new Schema(
  {
    /** e.g. `warning:<customerId>:<dropDate>:<days>`. */
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

noticeMarkSchema.index({ at: 1 });

export type NoticeMark = InferRawDocTypeFromSchema<typeof noticeMarkSchema>;
export const NoticeMarkModel = model('NoticeMark', noticeMarkSchema, 'notice_marks');
