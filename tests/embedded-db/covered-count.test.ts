import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Collection, Db, Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { watchExamined } from '../support/examined.js';
import { pick, randomDocument, seeded, type Random } from '../support/random-documents.js';

// countDocuments answered from an index alone (scripts/mongo/.../CoveredCount.java), judged against the server's
// own count over an unindexed copy of the same documents: every count must be the same, and a filter that pins
// index keys exactly (strings, booleans, ObjectIds by equality or $in) must examine no document.

const { MongoClient: Client, ObjectId } = mongoose.mongo;

const statuses = ['pending', 'processing', 'done', 'failed'] as const;
const owners = [new ObjectId(), new ObjectId(), new ObjectId()];

/** The random documents of the index tests, plus a status, an owner, a flag and sometimes a status array. */
function documentOf(random: Random, id: number): Document {
  const doc = randomDocument(random, id);
  doc.status = random() < 0.1 ? [pick(random, statuses), pick(random, statuses)] : pick(random, statuses);
  if (random() < 0.9) doc.owner = pick(random, owners);
  if (random() < 0.8) doc.flag = random() < 0.5;
  return doc;
}

/** Filters a covered count serves, and look-alikes it must leave to the library (numbers, null, ranges, extras). */
function filterOf(random: Random): { filter: Document; covered: boolean } {
  const status = () => pick(random, [...statuses, 'unknown']);
  const covered: Array<() => Document> = [
    () => ({ status: status() }),
    () => ({ status: { $in: [status(), status()] } }),
    () => ({ status: status(), owner: pick(random, owners) }),
    () => ({ owner: { $in: [pick(random, owners), pick(random, owners)] }, status: { $in: [status(), status()] } }),
    () => ({ flag: random() < 0.5 }),
    () => ({ c: { $in: ['alpha', 'beta', 'omega'] } }),
    () => ({ tags: pick(random, ['t1', 't2', 't3']) }),
  ];
  const leftToLibrary: Array<() => Document> = [
    () => ({ a: pick(random, [0, 1, 2.5]) }),
    () => ({ a: null }),
    () => ({ status: { $gte: 'f' } }),
    () => ({ status: status(), c: 'alpha' }),
    () => ({ owner: pick(random, owners) }),
    () => ({ status: { $in: [status(), null] } }),
    () => ({ status: { $ne: 'done' } }),
    () => ({ tags: ['t1', 't2'] }),
  ];
  return random() < 0.7
    ? { filter: pick(random, covered)(), covered: true }
    : { filter: pick(random, leftToLibrary)(), covered: false };
}

async function seedPair(db: Db, random: Random): Promise<{ indexed: Collection; plain: Collection }> {
  const indexed = db.collection('counted_indexed');
  const plain = db.collection('counted_plain');
  await indexed.createIndex({ status: 1, owner: 1, at: -1 });
  await indexed.createIndex({ flag: 1 });
  await indexed.createIndex({ c: 1, a: 1 });
  await indexed.createIndex({ tags: 1 });
  await indexed.createIndex({ a: 1 });
  const docs = Array.from({ length: 600 }, (_, i) => documentOf(random, i + 1));
  await indexed.insertMany(docs.map((doc) => structuredClone(doc)));
  await plain.insertMany(docs.map((doc) => structuredClone(doc)));
  return { indexed, plain };
}

async function compareCounts(client: MongoClient, pair: { indexed: Collection; plain: Collection }, random: Random) {
  const watch = watchExamined(client);
  let coveredSeen = 0;
  try {
    for (let i = 0; i < 150; i++) {
      const { filter, covered } = filterOf(random);
      watch.take();
      const fromIndex = await pair.indexed.countDocuments(filter);
      const examined = watch.take();
      const fromScan = await pair.plain.countDocuments(filter);
      expect(fromIndex, JSON.stringify(filter)).toBe(fromScan);
      if (covered) {
        coveredSeen += 1;
        expect(examined.docs, `documents examined for ${JSON.stringify(filter)}`).toBe(0);
        expect(examined.plans).toHaveLength(1);
        expect(examined.plans[0]).not.toMatch(/COLLSCAN/);
      } else if (fromScan > 0) {
        expect(examined.docs, `documents examined for ${JSON.stringify(filter)}`).toBeGreaterThan(0);
      }
    }
  } finally {
    watch.stop();
  }
  expect(coveredSeen).toBeGreaterThan(60);
}

describe('counts from an index alone on the in-memory backend', () => {
  let client: MongoClient;
  let db: Db;
  beforeAll(async () => {
    client = await new Client(inject('mongoUri'), { monitorCommands: true }).connect();
    db = client.db(`t_count_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('when countDocuments filters on index keys, then every count equals a count of an unindexed copy', async () => {
    const random = seeded(31);
    const pair = await seedPair(db, random);
    await compareCounts(client, pair, random);
    // After updates and deletes the index still counts what a scan counts.
    await pair.indexed.updateMany({ status: 'pending', flag: true }, { $set: { status: 'done' } });
    await pair.plain.updateMany({ status: 'pending', flag: true }, { $set: { status: 'done' } });
    await pair.indexed.deleteMany({ c: 'beta' });
    await pair.plain.deleteMany({ c: 'beta' });
    await compareCounts(client, pair, random);
  });

  it('when an aggregation groups or counts otherwise, then its answer is the library’s, documents read', async () => {
    const pair = await seedPair(db.client.db(`t_count_group_${Date.now()}`), seeded(5));
    const pipelines: Document[][] = [
      [{ $match: { status: 'done' } }, { $group: { _id: null, n: { $sum: 1 } } }],
      [{ $match: { status: 'done' } }, { $group: { _id: 1, n: { $sum: 2 } } }],
      [{ $match: { status: 'done' } }, { $group: { _id: '$c', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
      [{ $match: { status: 'done' } }, { $skip: 3 }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { status: 'nobody' } }, { $group: { _id: 1, n: { $sum: 1 } } }],
    ];
    for (const pipeline of pipelines) {
      expect(await pair.indexed.aggregate(pipeline).toArray(), JSON.stringify(pipeline)).toEqual(
        await pair.plain.aggregate(pipeline).toArray(),
      );
    }
    await pair.indexed.db.dropDatabase();
  });
});

describe('counts from an index alone on H2 file storage', () => {
  let dir: string;
  let server: LocalMongo | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-count-h2-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the server restarts, then counts from the rebuilt index equal counts of an unindexed copy', async () => {
    const random = seeded(77);
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
    let client = await new Client(server.uri, { monitorCommands: true }).connect();
    const pair = await seedPair(client.db('counts'), random);
    await compareCounts(client, pair, random);
    await client.close();
    await server.stop();

    server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
    client = await new Client(server.uri, { monitorCommands: true }).connect();
    const db = client.db('counts');
    await compareCounts(
      client,
      { indexed: db.collection('counted_indexed'), plain: db.collection('counted_plain') },
      random,
    );
    await client.close();
  }, 120_000);
});
