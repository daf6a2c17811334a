import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Collection, Db, Document, Filter, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { watchExamined } from '../support/examined.js';
import { day, randomDocument, randomFilter, randomUpdate, seeded, type Random } from '../support/random-documents.js';

// Non-unique indexes of the embedded server (scripts/mongo/.../SortedSecondaryIndex.java, QueryPlanner.java),
// judged against the server's own collection scan: the same seeded documents live in an indexed and an
// unindexed collection, and every random filter, update and delete must give both the same result.

const { MongoClient: Client } = mongoose.mongo;

const indexSpecs: Array<{ key: Document; sparse?: boolean }> = [
  { key: { a: 1 } },
  { key: { a: 1, b: 1 } },
  { key: { tags: 1, b: -1 } },
  { key: { c: 1, a: 1, b: 1 } },
  { key: { 'items.k': 1, 'items.v': 1 } },
  { key: { 'nested.x': 1 } },
  { key: { s: 1 }, sparse: true },
];

const ids = async (collection: Collection, filter: Filter<Document>) =>
  (await collection.find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id as unknown as number);

async function createPair(db: Db, name: string): Promise<{ indexed: Collection; plain: Collection }> {
  const indexed = db.collection(`${name}_indexed`);
  const plain = db.collection(`${name}_plain`);
  for (const spec of indexSpecs) {
    await indexed.createIndex(spec.key, { sparse: spec.sparse ?? false });
  }
  return { indexed, plain };
}

async function insertBoth(pair: { indexed: Collection; plain: Collection }, docs: Document[]) {
  await pair.indexed.insertMany(docs.map((doc) => structuredClone(doc)));
  await pair.plain.insertMany(docs.map((doc) => structuredClone(doc)));
}

/** Runs random filters on both collections; returns how many were served by a secondary index. */
async function compareQueries(
  client: MongoClient,
  pair: { indexed: Collection; plain: Collection },
  random: Random,
  count: number,
): Promise<number> {
  const watch = watchExamined(client);
  let served = 0;
  try {
    for (let i = 0; i < count; i++) {
      const filter = randomFilter(random);
      watch.take();
      const fromIndex = await ids(pair.indexed, filter);
      const plan = watch.take().plans.join(',');
      const fromScan = await ids(pair.plain, filter);
      expect(fromIndex, `${JSON.stringify(filter)} via ${plan}`).toEqual(fromScan);
      if (!/_id_|COLLSCAN/.test(plan)) served += 1;
    }
  } finally {
    watch.stop();
  }
  return served;
}

async function mutateBoth(pair: { indexed: Collection; plain: Collection }, random: Random, nextId: () => number) {
  for (let i = 0; i < 10; i++) {
    const filter = randomFilter(random);
    const update = randomUpdate(random);
    const a = await pair.indexed.updateMany(filter, update);
    const b = await pair.plain.updateMany(filter, update);
    expect(a.matchedCount, `update ${JSON.stringify(filter)}`).toBe(b.matchedCount);
  }
  for (let i = 0; i < 3; i++) {
    const filter = randomFilter(random);
    const a = await pair.indexed.deleteMany(filter);
    const b = await pair.plain.deleteMany(filter);
    expect(a.deletedCount, `delete ${JSON.stringify(filter)}`).toBe(b.deletedCount);
  }
  await insertBoth(
    pair,
    Array.from({ length: 15 }, () => randomDocument(random, nextId())),
  );
  const everything = async (c: Collection) => c.find({}).sort({ _id: 1 }).toArray();
  expect(await everything(pair.indexed)).toEqual(await everything(pair.plain));
}

describe('secondary indexes on the in-memory backend', () => {
  let client: MongoClient;
  let db: Db;
  beforeAll(async () => {
    client = await new Client(inject('mongoUri'), { monitorCommands: true }).connect();
    db = client.db(`t_index_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('when random filters, updates and deletes run on an indexed collection, then they match a collection scan', async () => {
    const random = seeded(18);
    let id = 0;
    const pair = await createPair(db, 'random');
    await insertBoth(
      pair,
      Array.from({ length: 400 }, () => randomDocument(random, ++id)),
    );
    let served = 0;
    for (let round = 0; round < 5; round++) {
      served += await compareQueries(client, pair, random, 60);
      await mutateBoth(pair, random, () => ++id);
    }
    // Most filters bind a leading key field, so most must have been answered through a secondary index.
    expect(served).toBeGreaterThan(150);
  });

  it('when two indexes can serve a filter, then the one with fewer candidates is used, whichever was created first', async () => {
    const choice = db.collection('choice');
    await choice.createIndex({ flag: 1 });
    await choice.createIndex({ serial: 1 });
    await choice.insertMany(Array.from({ length: 2000 }, (_, i) => ({ flag: i % 2, serial: i })));
    const watch = watchExamined(client);
    const found = await choice.find({ flag: 0, serial: { $in: [42, 44, 45] } }).toArray();
    const examined = watch.take();
    expect(found.map((doc) => doc.serial as number).sort()).toEqual([42, 44]);
    expect(examined.plans).toEqual(['choice:serial_1']);
    expect(examined.docs).toBe(3);

    const either = await choice.find({ $or: [{ serial: 7 }, { serial: { $gte: 1998 } }] }).toArray();
    const union = watch.take();
    watch.stop();
    expect(either.map((doc) => doc.serial as number).sort()).toEqual([1998, 1999, 7]);
    expect(union.plans).toEqual(['choice:OR[serial_1,serial_1]']);
    expect(union.docs).toBe(3);
  });

  it('when an aggregation starts with $match, then an index narrows what it reads', async () => {
    const events = db.collection('events');
    await events.createIndex({ owner: 1, at: -1 });
    await events.insertMany(
      Array.from({ length: 3000 }, (_, i) => ({ owner: `rep${i % 100}`, at: day(i % 30), n: i })),
    );
    const watch = watchExamined(client);
    const result = await events
      .aggregate([{ $match: { owner: 'rep7', at: { $gte: day(10) } } }, { $group: { _id: null, n: { $sum: 1 } } }])
      .toArray();
    const examined = watch.take();
    watch.stop();
    expect(result[0]?.n).toBe(await events.countDocuments({ owner: 'rep7', at: { $gte: day(10) } }));
    expect(examined.plans).toEqual(['events:owner_1_at_-1']);
    expect(examined.keys).toBeLessThanOrEqual(30);
  });

  it('when an update drops one of two array values that are equal as numbers (1 and 1.0), then the index still finds the document', async () => {
    const { Double } = mongoose.mongo.BSON;
    const numbers = db.collection('numbers');
    await numbers.createIndex({ tags: 1 });
    await numbers.insertOne({ _id: 'n1' as never, tags: [1, new Double(1), 5], label: 'a' });
    await numbers.updateOne({ _id: 'n1' as never }, { $set: { tags: [1, 7] } });
    await numbers.updateOne({ _id: 'n1' as never }, { $set: { label: 'b' } });
    const watch = watchExamined(client);
    expect((await numbers.find({ tags: 1 }).toArray()).map((doc) => doc.label as string)).toEqual(['b']);
    expect(watch.take().plans).toEqual(['numbers:tags_1']);
    watch.stop();
    expect(await numbers.countDocuments({ tags: 5 })).toBe(0);
    expect(await numbers.countDocuments({ tags: 7 })).toBe(1);
  });

  it('when a compound index covers two fields holding different arrays, then the insert is refused as on MongoDB', async () => {
    const parallel = db.collection('parallel');
    await parallel.createIndex({ x: 1, y: 1 });
    await expect(parallel.insertOne({ x: [1, 2], y: [3, 4] })).rejects.toThrow(/parallel arrays/);
    await parallel.insertOne({ x: [1, 2], y: 3 });
    expect(await parallel.countDocuments({ x: 2, y: 3 })).toBe(1);
  });
});

describe('secondary indexes on H2 file storage', () => {
  let dir: string;
  let server: LocalMongo | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-index-h2-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<{ client: MongoClient; pair: { indexed: Collection; plain: Collection } }> {
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
    const client = await new Client(server.uri, { monitorCommands: true }).connect();
    const db = client.db('restart');
    return { client, pair: { indexed: db.collection('h2_indexed'), plain: db.collection('h2_plain') } };
  }

  it('when the server restarts, cleanly or killed, then the indexes answer as a collection scan of the stored data', async () => {
    const random = seeded(6);
    let id = 0;
    let { client, pair } = await open();
    pair = await createPair(client.db('restart'), 'h2');
    await insertBoth(
      pair,
      Array.from({ length: 300 }, () => randomDocument(random, ++id)),
    );
    await mutateBoth(pair, random, () => ++id);
    await client.close();
    await server!.stop();

    ({ client, pair } = await open());
    expect(await compareQueries(client, pair, random, 60)).toBeGreaterThan(30);
    await mutateBoth(pair, random, () => ++id);
    await client.close();
    process.kill(server!.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));

    ({ client, pair } = await open());
    expect(await compareQueries(client, pair, random, 60)).toBeGreaterThan(30);
    const names = (await pair.indexed.listIndexes().toArray()).map((index) => index.name as string);
    expect(names).toEqual(expect.arrayContaining(['a_1', 'tags_1_b_-1', 's_1']));
    await client.close();
  }, 120_000);
});
