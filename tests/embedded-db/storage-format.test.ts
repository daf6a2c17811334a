import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import type { Db, MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { watchExamined } from '../support/examined.js';
import { STORED_COUNT, otherKeys, storedDocument } from './stored-documents.js';

// How the embedded server's file storage holds documents (scripts/mongo/.../h2/BsonDocumentType.java and
// DocumentKeyType.java): as BSON, with a local data file written by the earlier format (Java-serialized
// documents) still opening with all its data, and both formats living side by side as pages get rewritten.

const { MongoClient: Client } = mongoose.mongo;
const { EJSON } = mongoose.mongo.BSON;
const fixture = join(import.meta.dirname, 'fixtures', 'legacy-format.h2.gz');

// Canonical extended JSON: equal only when every value has the same BSON type and value.
const exact = (doc: unknown) => EJSON.stringify(doc, { relaxed: false });

describe('file storage format', () => {
  let dir = '';
  let server: LocalMongo | undefined;
  let client: MongoClient | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-format-h2-'));
  });
  afterEach(async () => {
    await client?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(database: string): Promise<Db> {
    await client?.close();
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
    client = await new Client(server.uri, { monitorCommands: true }).connect();
    return client.db(database);
  }

  async function restart(database: string, how: 'clean' | 'killed'): Promise<Db> {
    await client?.close();
    client = undefined;
    if (how === 'killed') {
      process.kill(server!.pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
    } else {
      await server!.stop();
    }
    return open(database);
  }

  async function expectStored(db: Db, expected: Record<string, unknown>[]): Promise<void> {
    const stored = await db.collection('customers').find().sort({ _id: 1 }).toArray();
    expect(stored.map(exact)).toEqual(expected.map(exact));
    for (const [name, docs] of Object.entries(otherKeys)) {
      const read = await db.collection(name).find().toArray();
      expect(read.map(exact).sort()).toEqual(docs.map(exact).sort());
    }
  }

  async function expectIndexesServe(db: Db, seq: number): Promise<void> {
    const watch = watchExamined(client!);
    const bySeq = await db.collection('customers').findOne({ seq });
    const byOwner = await db
      .collection('customers')
      .find({ ownerId: storedDocument(seq).ownerId, protectedUntil: { $gte: new Date(0) } })
      .toArray();
    const seen = watch.take();
    watch.stop();
    expect(bySeq?._id).toEqual(storedDocument(seq)._id);
    expect(byOwner.length).toBeGreaterThan(0);
    expect(seen.plans).toEqual(['customers:seq_1', 'customers:ownerId_1_protectedUntil_1']);
  }

  it('when a data file written by the earlier format opens, then every document reads back exactly, its indexes serve, and changes survive restarts', async () => {
    writeFileSync(join(dir, 'scrm.h2'), gunzipSync(readFileSync(fixture)));
    let db = await open('legacy');
    const expected = Array.from({ length: STORED_COUNT }, (_, i) => storedDocument(i));
    await expectStored(db, expected);
    await expectIndexesServe(db, 40);

    // Rewrite some pages in the new format while others stay as they were written.
    const customers = db.collection('customers');
    await customers.updateOne({ seq: 3 }, { $set: { name: '改名客户', tags: ['新'] } });
    await customers.deleteOne({ seq: 4 });
    const added = { ...storedDocument(STORED_COUNT + 1), seq: 10_000 };
    await customers.insertOne(added);
    const changed = expected
      .map((doc) => (doc.seq === 3 ? { ...doc, name: '改名客户', tags: ['新'] } : doc))
      .filter((doc) => doc.seq !== 4)
      .concat(added);
    db = await restart('legacy', 'clean');
    await expectStored(db, changed);
    await expectIndexesServe(db, 41);
    await expect(db.collection('customers').insertOne({ seq: 3 })).rejects.toMatchObject({ code: 11000 });

    await db.collection('customers').updateMany({ seq: { $lt: 20 } }, { $inc: { seq: 1000 } });
    db = await restart('legacy', 'killed');
    const renumbered = changed.map((doc) =>
      (doc.seq as number) < 20 ? { ...doc, seq: (doc.seq as number) + 1000 } : doc,
    );
    await expectStored(db, renumbered);
    expect(await db.collection('customers').findOne({ seq: 1003 })).toMatchObject({ name: '改名客户' });
  }, 120_000);

  it('when documents are written to a new data file, then they are stored as BSON and read back exactly after a restart', async () => {
    let db = await open('legacy');
    const expected = Array.from({ length: STORED_COUNT }, (_, i) => storedDocument(i));
    await db.collection('customers').createIndex({ seq: 1 }, { unique: true });
    await db.collection('customers').createIndex({ ownerId: 1, protectedUntil: 1 });
    await db.collection('customers').insertMany(expected);
    for (const [name, docs] of Object.entries(otherKeys)) {
      await db.collection(name).insertMany(docs as Record<string, unknown>[]);
    }
    db = await restart('legacy', 'killed');
    await expectStored(db, expected);
    await expectIndexesServe(db, 77);
    await client!.close();
    client = undefined;
    await server!.stop();
    // The earlier format wrote Java serialization's class descriptor with every document.
    expect(readFileSync(join(dir, 'scrm.h2')).includes('de.bwaldvogel.mongo.bson.Document')).toBe(false);
  }, 120_000);
});
