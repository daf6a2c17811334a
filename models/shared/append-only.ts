import type { Schema } from 'mongoose';

// Histories are append-only: every update and delete issued through their model is refused.

const changingOperations = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const;

/** Refuses every update and delete of the schema's documents; `what` names them in the error. */
export function appendOnly<S extends Schema>(schema: S, what: string): S {
  for (const op of changingOperations) {
    schema.pre(op, function refuseChange() {
      throw new Error(`${what} are append-only (${op} refused)`);
    });
  }
  return schema;
}
