import mongoose, { Types, type Schema } from 'mongoose';
import { groupCommit } from '../shared/group-commit.js';

// The pool rules are resolved from the company settings and the department tree, and every process caches
// what it resolved (models/pool/pool-rules.ts). The cache stays right across instances through one stamp, a
// document of its own: every write to departments or company settings sets a new stamp after it lands, and a
// resolver reads the stamp (one small read by _id) before it trusts its cache. A stamp is unique (an
// ObjectId), so a wiped and refilled database can never repeat one a process still holds.
// A stamp read is trusted for STAMP_TRUST_MS: a write through this process's models forgets it at once (the next
// operation reads again), a write by another instance applies here within that bound.

const COLLECTION = 'settings_versions';
const SETTINGS_ID = 'pool-rules';

/** How long a stamp read serves the operations after it (another instance's rules change applies within this). */
export const STAMP_TRUST_MS = 1000;

// Which database the stamp was read from: a process that connects to another one (a test runner reusing its
// modules across files) trusts nothing it read from the first.
let trusted: { stamp: string | null; until: number; database: string | undefined } | null = null;
const databaseName = () => mongoose.connection.db?.databaseName;
// Bumped by every stamp write here: a read that was in flight meanwhile is not trusted afterwards.
let generation = 0;

/** Sets a new stamp: called after every write that can change the resolved rules. */
export async function bumpRulesVersion(): Promise<void> {
  generation += 1;
  trusted = null;
  // Through the driver: a hooked model write here would bump again.
  await mongoose.connection
    .collection<{ _id: string }>(COLLECTION)
    .updateOne({ _id: SETTINGS_ID }, { $set: { rulesVersion: new Types.ObjectId() } }, { upsert: true });
  // A read that started before the write landed may carry the old stamp.
  generation += 1;
  trusted = null;
}

// Concurrent operations share one read of the stamp, started after each of them asked (a group commit).
const sharedRead = groupCommit<null, string | null>(async (callers) => {
  const doc = await mongoose.connection
    .collection<{ _id: string; rulesVersion?: Types.ObjectId }>(COLLECTION)
    .findOne({ _id: SETTINGS_ID }, { projection: { rulesVersion: 1 } });
  return callers.map(() => (doc?.rulesVersion ? String(doc.rulesVersion) : null));
}, 10_000);

/** The current stamp, or null when there is none yet (nothing may be cached then). */
export async function readRulesVersion(): Promise<string | null> {
  if (trusted && trusted.stamp !== null && performance.now() < trusted.until && trusted.database === databaseName()) {
    return trusted.stamp;
  }
  const [asked, at] = [generation, performance.now()];
  const stamp = await sharedRead(null);
  if (asked === generation) {
    trusted = { stamp, until: at + STAMP_TRUST_MS, database: databaseName() };
  }
  return stamp;
}

/**
 * A read kept per process while the rules stamp holds (every write through the models of departments and company
 * settings sets a new one): callers under one stamp share the first caller's read. Without a stamp yet nothing is
 * kept, and a failed read is not kept (the next caller reads again).
 */
export function keptUnderRulesVersion<T>(read: () => Promise<T>): () => Promise<T> {
  let kept: { version: string; value: Promise<T> } | null = null;
  return async () => {
    const version = await readRulesVersion();
    if (version !== null && kept?.version === version) {
      return kept.value;
    }
    const value = read();
    if (version !== null) {
      const entry = { version, value };
      kept = entry;
      value.catch(() => {
        if (kept === entry) {
          kept = null;
        }
      });
    }
    return value;
  };
}

const queryWrites: string[] = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'replaceOne',
  'deleteOne',
  'deleteMany',
];

/** Bumps the stamp after every write through the schema's model (documents, queries, bulk calls). */
export function bumpsRulesVersion(schema: Schema): void {
  const bump = async () => bumpRulesVersion();
  schema.post('save', bump);
  schema.post(new RegExp(`^(${queryWrites.join('|')})$`), { document: false, query: true }, bump);
  schema.post(['deleteOne', 'updateOne'], { document: true, query: false }, bump);
  schema.post('insertMany', bump);
  schema.post('bulkWrite', bump);
}
