import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import mongoose from 'mongoose';
import { reconcilePoolCounters } from '../../pool/reconcile-counters.js';
import { ensureIndexes } from './database.js';

// Backups of the whole database (`npm run cli -- backup <file>` / `restore <file>`): every collection
// as canonical Extended JSON (what mongoexport writes), one document a line, gzip-compressed, after a
// manifest line that lists each collection and its count. It reads through the database server, so
// it runs while the server does.
//
// Consistency without transactions: customers are read first and everything that refers to them
// (ledger, follow-ups, contacts, cases…) afterwards, so every change a customer shows has its ledger
// entry in the file — either in the ledger or still in the customer's own outbox (customer-change.ts).
// Restoring flushes those outboxes and recomputes the pool counters, as the nightly reconciler does.

export const BACKUP_FORMAT = 'wecom-scrm-backup';
const FIRST = ['customers'];
const BATCH = 500;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  database: string;
  collections: { name: string; documents: number }[];
}

function db(): mongoose.mongo.Db {
  const found = mongoose.connection.db;
  if (!found) {
    throw new Error('not connected to the database');
  }
  return found;
}

async function collectionNames(): Promise<string[]> {
  const names = (await db().listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
  return [...FIRST.filter((n) => names.includes(n)), ...names.filter((n) => !FIRST.includes(n))];
}

/** Writes every collection to `file` (created 0600, replaced only once complete); answers the manifest. */
export async function backupDatabase(file: string, now: Date): Promise<BackupManifest> {
  const tmp = `${file}.partial`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(tmp, { mode: 0o600 }));
  const write = async (line: unknown) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) {
      await once(gzip, 'drain');
    }
  };
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    database: db().databaseName,
    collections: [],
  };
  // A header line says what the file is; the manifest with the counts closes it, so a cut file shows.
  await write({ format: BACKUP_FORMAT, version: 1, createdAt: manifest.createdAt });
  for (const name of await collectionNames()) {
    let documents = 0;
    for await (const doc of db().collection(name).find({}, { batchSize: BATCH })) {
      await write({ c: name, d: mongoose.mongo.BSON.EJSON.serialize(doc, { relaxed: false }) });
      documents += 1;
    }
    manifest.collections.push({ name, documents });
  }
  await write({ manifest });
  gzip.end();
  await written;
  renameSync(tmp, file);
  return manifest;
}

export interface RestoreReport {
  manifest: BackupManifest;
  restored: Record<string, number>;
}

/** Restores a backup into an empty database; refuses a database that holds any document. */
export async function restoreDatabase(file: string): Promise<RestoreReport> {
  for (const name of await collectionNames()) {
    if ((await db().collection(name).estimatedDocumentCount()) > 0) {
      throw new Error(`restore needs an empty database: collection "${name}" has documents (use a fresh DATA_DIR)`);
    }
  }
  let header: { format?: string; version?: number } | undefined;
  let manifest: BackupManifest | undefined;
  const restored: Record<string, number> = {};
  const pending = new Map<string, Record<string, unknown>[]>();
  const flush = async (name: string) => {
    const docs = pending.get(name) ?? [];
    if (docs.length > 0) {
      await db().collection(name).insertMany(docs, { ordered: false });
      restored[name] = (restored[name] ?? 0) + docs.length;
      pending.set(name, []);
    }
  };
  for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()) })) {
    const entry = JSON.parse(line) as { c?: string; d?: unknown; manifest?: BackupManifest; format?: string };
    if (!header) {
      header = entry;
      if (header.format !== BACKUP_FORMAT || header.version !== 1) {
        throw new Error(`${file} is not a backup of this product`);
      }
      continue;
    }
    if (entry.manifest) {
      manifest = entry.manifest;
      continue;
    }
    const { c, d } = entry as { c: string; d: unknown };
    const docs = pending.get(c) ?? [];
    docs.push(
      mongoose.mongo.BSON.EJSON.deserialize(d as mongoose.mongo.Document, { relaxed: false }) as Record<
        string,
        unknown
      >,
    );
    pending.set(c, docs);
    if (docs.length >= BATCH) {
      await flush(c);
    }
  }
  if (!manifest) {
    throw new Error(`${file} is incomplete: it has no manifest (the backup was cut short)`);
  }
  for (const name of pending.keys()) {
    await flush(name);
  }
  const short = manifest.collections.filter((c) => (restored[c.name] ?? 0) !== c.documents);
  if (short.length > 0) {
    throw new Error(`${file} does not match its manifest: ${short.map((c) => c.name).join(', ')}`);
  }
  await ensureIndexes();
  await reconcilePoolCounters({ settleMs: 0 });
  return { manifest, restored };
}
