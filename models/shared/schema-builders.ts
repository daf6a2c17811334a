import { Schema, type SchemaDefinition } from 'mongoose';

// Schema shapes several models share, built once.

/** The schema of a value embedded in a document (a history line, a cooldown): no _id of its own. */
export function embedded<const F extends SchemaDefinition>(fields: F) {
  return new Schema(fields, { _id: false });
}

/**
 * The schema of records stamped `at` when written (the last field) and never changed, so without a version key;
 * each of `listedBy` gets an index listing its records newest first, in that order.
 */
export function timeline<const F extends SchemaDefinition>(fields: F, ...listedBy: string[]) {
  const stamped = { ...fields, at: { type: Date, required: true } } as F & {
    at: { type: DateConstructor; required: true };
  };
  const schema = new Schema(stamped, { versionKey: false });
  for (const key of listedBy) {
    schema.index({ [key]: 1, at: -1 });
  }
  return schema;
}
