import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// The inverted index of conflict keys (models/conflicts/conflict-index.ts). Every read and every
// write addresses documents by _id alone (exact or $in), which is index-backed on every database we
// run on, so neither a conflict check nor keeping the index current ever scans a collection.
//   g:<pair>   posting list of the customers whose core name has the character pair (neighbours or
//              one apart). Each entry is "<customer id hex><core name>", so candidates are ranked on
//              their names before any customer is read. A pair held by too many customers becomes a
//              stop gram (stop: true, entries dropped).
//   h:<bucket> exact keys (k:core, p:phone, e:domain, b:person) hashed into a fixed number of buckets,
//              each entry "<customer id hex><key>", so a million keys do not become a million documents.
// Entries are plain strings rather than subdocuments: they are several times cheaper to store and
// write, and $addToSet/$pull on exact strings keeps every write idempotent. Every write but an append also
// sets a new rewrite token `r`, so a reader can fetch only the new end of a list it read before (index-tails.ts).

const conflictIndexSchema = new Schema(
  {
    _id: { type: String, required: true },
    e: { type: [String], default: [] },
    stop: { type: Boolean, default: undefined },
    /** Rewrite token, set anew by every write but an append (keys/index-tails.ts). */
    r: { type: String, default: undefined },
  },
  { versionKey: false },
);

export type ConflictIndexDocument = InferRawDocTypeFromSchema<typeof conflictIndexSchema>;
export const ConflictIndexModel = model('ConflictIndex', conflictIndexSchema, 'conflict_index');
