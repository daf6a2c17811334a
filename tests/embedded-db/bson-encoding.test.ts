import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { otherKeys, STORED_COUNT, storedDocument } from './stored-documents.js';

// The embedded server's BSON encoder (scripts/mongo/de/bwaldvogel/mongo/wire/bson/BsonEncoder.java, which takes the
// library's place to write fewer temporary objects) must write exactly the canonical BSON of what was stored: the
// documents a find returns raw are compared byte for byte with the driver's own encoding of the same documents,
// over every BSON type the product stores, long arrays, many and repeated field names, and after an H2 restart
// (H2 stores documents with the same encoder).

const { MongoClient: Client, BSON } = mongoose.mongo;

/** Documents beyond the stored set: arrays longer than the encoder's index table, wide and unusual field names. */
function unusualDocuments(): Document[] {
  const wide: Document = { _id: 'wide' };
  for (let i = 0; i < 300; i++) wide[`field_${i}_${'x'.repeat(i % 70)}`] = i % 2 ? `v${i}` : i;
  return [
    { _id: 'long-array', values: Array.from({ length: 1500 }, (_, i) => (i % 3 ? i : { at: i, tags: [i, `t${i}`] })) },
    { _id: 'names', 客户名称: '深圳', 'é\u{1F600}': 1, [`${'长'.repeat(80)}`]: [null, true, false] },
    wide,
    { _id: 'nested', a: [[[]], [[1, [2, [3]]]], {}], b: { c: { d: { e: [{ f: null }] } } } },
  ];
}

async function expectRawBytes(client: MongoClient, dbName: string, collection: string, expected: Document[]) {
  const raw = (await client
    .db(dbName)
    .collection(collection)
    .find({}, { raw: true, sort: { _id: 1 } })
    .toArray()) as unknown as Buffer[];
  expect(raw).toHaveLength(expected.length);
  const byId = new Map(expected.map((doc) => [JSON.stringify(BSON.EJSON.serialize(doc._id)), doc]));
  for (const bytes of raw) {
    const read = BSON.deserialize(bytes, { promoteValues: false });
    const original = byId.get(JSON.stringify(BSON.EJSON.serialize(read._id)));
    expect(original, `document ${JSON.stringify(read._id)}`).toBeDefined();
    expect(Buffer.from(bytes).equals(Buffer.from(BSON.serialize(original!))), `bytes of ${String(read._id)}`).toBe(
      true,
    );
  }
}

async function insertAll(client: MongoClient, dbName: string) {
  const db = client.db(dbName);
  await db.collection('customers').insertMany(Array.from({ length: STORED_COUNT }, (_, i) => storedDocument(i)));
  await db.collection('unusual').insertMany(unusualDocuments());
  for (const [name, docs] of Object.entries(otherKeys)) {
    await db.collection(name).insertMany(docs as Document[]);
  }
}

async function expectAll(client: MongoClient, dbName: string) {
  await expectRawBytes(
    client,
    dbName,
    'customers',
    Array.from({ length: STORED_COUNT }, (_, i) => storedDocument(i)),
  );
  await expectRawBytes(client, dbName, 'unusual', unusualDocuments());
  for (const [name, docs] of Object.entries(otherKeys)) {
    await expectRawBytes(client, dbName, name, docs);
  }
}

describe('BSON written by the embedded server', () => {
  it('when documents of every type are read back raw, then their bytes are the canonical BSON of what was written', async () => {
    const client = await new Client(inject('mongoUri')).connect();
    const dbName = `t_bson_${Date.now()}`;
    try {
      await insertAll(client, dbName);
      await expectAll(client, dbName);
    } finally {
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });

  describe('on H2 file storage', () => {
    let dir: string;
    let server: LocalMongo | undefined;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'scrm-bson-h2-'));
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('when the server restarts, then the stored documents read back as the same bytes', async () => {
      server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
      let client = await new Client(server.uri).connect();
      await insertAll(client, 'bson');
      await client.close();
      await server.stop();
      // A small document cache: most documents are decoded from the file, not kept from the insert.
      server = await startLocalMongo({ storage: join(dir, 'scrm.h2'), documentCacheMb: 1 });
      client = await new Client(server.uri).connect();
      await expectAll(client, 'bson');
      await client.close();
    }, 120_000);
  });
});
