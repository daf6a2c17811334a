import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Collection, Db, Document, Filter, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { watchExamined } from '../support/examined.js';
import {
  day,
  pick,
  randomDocument,
  randomFilter,
  randomUpdate,
  seeded,
  type Random,
} from '../support/random-documents.js';

// Sorted reads of the embedded server served by an index walk in sort order that stops at the page
// (scripts/mongo/.../OrderedPlan.java), judged against the server's aggregation pipeline ($match, $sort, $skip,
// $limit run by the library itself on an unindexed collection), and what they examine.

const { MongoClient: Client } = mongoose.mongo;

const indexSpecs: Array<{ key: Document; sparse?: boolean }> = [
  { key: { a: 1 } },
  { key: { a: 1, b: 1 } },
  { key: { b: 1 } },
  { key: { c: 1, a: 1, b: 1 } },
  { key: { tags: 1, b: -1 } },
  { key: { s: 1 }, sparse: true },
];

// Every sort ends with _id (or is _id alone), so the expected order has no ties. (No sort on the array field
// `tags`: the library's comparator orders [] against null and missing inconsistently, so its result depends
// on the order it is given whatever the plan; arrays are never walked, see OrderedPlan.)
const sorts: Document[] = [
  { _id: 1 },
  { _id: -1 },
  { b: 1, _id: 1 },
  { b: -1, _id: -1 },
  { a: 1, _id: 1 },
  { a: 1, b: 1, _id: 1 },
  { a: -1, b: -1, _id: -1 },
  { c: 1, a: 1, b: 1, _id: 1 },
  { s: 1, _id: 1 },
  { b: 1, _id: -1 },
];

function sortedFilter(random: Random, maxId: number): Filter<Document> {
  return pick<() => Filter<Document>>(random, [
    () => randomFilter(random),
    () => ({}),
    () => ({ c: pick(random, ['alpha', 'beta', 'gamma']) }),
    () => ({ c: 'beta', a: pick(random, [1, 2, null]) }),
    () => ({ a: pick(random, [0, 1, 'x']), b: { $gte: day(10) } }),
    () => ({ _id: { [pick(random, ['$lt', '$gt', '$lte'])]: Math.floor(random() * maxId) } }),
    () => ({ _id: { $lt: Math.floor(random() * maxId) }, c: { $ne: 'alpha' } }),
  ])();
}

async function createPair(db: Db, name: string): Promise<{ indexed: Collection; plain: Collection }> {
  const indexed = db.collection(`${name}_indexed`);
  for (const spec of indexSpecs) {
    await indexed.createIndex(spec.key, { sparse: spec.sparse ?? false });
  }
  return { indexed, plain: db.collection(`${name}_plain`) };
}

async function insertBoth(pair: { indexed: Collection; plain: Collection }, docs: Document[]) {
  await pair.indexed.insertMany(docs.map((doc) => structuredClone(doc)));
  await pair.plain.insertMany(docs.map((doc) => structuredClone(doc)));
}

// $in on a leading key field the sort does not name: merged walks of each value's interval (OrderedPlan).
function inFilter(random: Random): Filter<Document> {
  return pick<() => Filter<Document>>(random, [
    () => ({ c: { $in: ['alpha', 'gamma', 'omega'] } }),
    () => ({ c: { $in: ['beta', 'delta'] }, a: { $in: [1, 2, 'x', null] } }),
    () => ({ c: { $in: [pick(random, ['alpha', 'beta']), 'gamma'] }, a: 1, b: { $lt: day(20) } }),
    () => ({ a: { $in: [0, 1, 3] }, b: { $gte: day(5) } }),
    () => ({ a: { $in: [null, 2.5, 'x'] } }),
    () => ({ tags: { $in: ['t1', 't3'] }, c: { $ne: 'beta' } }),
  ])();
}

const inSorts: Document[] = [
  { a: 1, b: 1, _id: 1 },
  { a: -1, b: -1, _id: -1 },
  { b: 1, _id: 1 },
  { b: -1, _id: -1 },
  { b: 1, _id: -1 },
  { _id: 1 },
];

/** Random sorted pages on both collections; returns how many pages a walk served (fewer docs than matches). */
async function comparePages(
  client: MongoClient,
  pair: { indexed: Collection; plain: Collection },
  random: Random,
  count: number,
  maxId: number,
  filters: { of: (random: Random, maxId: number) => Filter<Document>; sorts: Document[] } = {
    of: sortedFilter,
    sorts,
  },
): Promise<number> {
  const watch = watchExamined(client);
  let walked = 0;
  try {
    for (let i = 0; i < count; i++) {
      const filter = filters.of(random, maxId);
      const sort = pick(random, filters.sorts);
      const skip = pick(random, [0, 0, 3, 40]);
      const limit = pick(random, [1, 10, 50, 0]);
      watch.take();
      const page = await pair.indexed.find(filter).sort(sort).skip(skip).limit(limit).toArray();
      const examined = watch.take();
      const stages: Document[] = [{ $match: filter }, { $sort: sort }];
      if (skip) stages.push({ $skip: skip });
      if (limit) stages.push({ $limit: limit });
      const expected = await pair.plain.aggregate(stages).toArray();
      const label = `${JSON.stringify(filter)} sort ${JSON.stringify(sort)} skip ${skip} limit ${limit}`;
      expect(page, `${label} via ${examined.plans.join(',')}`).toEqual(expected);
      if (limit > 0 && examined.docs < (await pair.indexed.countDocuments(filter))) walked += 1;
    }
  } finally {
    watch.stop();
  }
  return walked;
}

async function mutateBoth(pair: { indexed: Collection; plain: Collection }, random: Random, nextId: () => number) {
  for (let i = 0; i < 10; i++) {
    const filter = randomFilter(random);
    const update = randomUpdate(random);
    await pair.indexed.updateMany(filter, update);
    await pair.plain.updateMany(filter, update);
  }
  const doomed = randomFilter(random);
  await pair.indexed.deleteMany(doomed);
  await pair.plain.deleteMany(doomed);
  await insertBoth(
    pair,
    Array.from({ length: 20 }, () => randomDocument(random, nextId())),
  );
}

describe('sorted reads on the in-memory backend', () => {
  let client: MongoClient;
  let db: Db;
  beforeAll(async () => {
    client = await new Client(inject('mongoUri'), { monitorCommands: true }).connect();
    db = client.db(`t_sorted_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('when random sorted pages are read before and after updates, then they equal a sort of every match', async () => {
    const random = seeded(17);
    let id = 0;
    const pair = await createPair(db, 'random');
    await insertBoth(
      pair,
      Array.from({ length: 600 }, () => randomDocument(random, ++id)),
    );
    let walked = 0;
    for (let round = 0; round < 4; round++) {
      walked += await comparePages(client, pair, random, 40, id);
      await mutateBoth(pair, random, () => ++id);
    }
    // Many pages must have stopped early, or no walk served them.
    expect(walked).toBeGreaterThan(40);
  });

  it('when random sorted pages filter by several values of an index prefix ($in), then they equal a sort of every match', async () => {
    const random = seeded(23);
    let id = 0;
    const pair = await createPair(db, 'merged');
    await insertBoth(
      pair,
      Array.from({ length: 600 }, () => randomDocument(random, ++id)),
    );
    let walked = 0;
    for (let round = 0; round < 3; round++) {
      walked += await comparePages(client, pair, random, 40, id, { of: inFilter, sorts: inSorts });
      await mutateBoth(pair, random, () => ++id);
    }
    expect(walked).toBeGreaterThan(30);
  });

  describe('on 3,000 documents', () => {
    interface Event {
      _id: number;
      owner: string;
      at: Date;
      n: number;
    }
    let events: Collection<Event>;
    beforeAll(async () => {
      events = db.collection<Event>('events');
      await events.createIndex({ owner: 1, at: 1 });
      await events.insertMany(
        Array.from({ length: 3000 }, (_, i) => ({ _id: i + 1, owner: `rep${i % 30}`, at: day(i % 30), n: i + 1 })),
      );
    });

    async function page(filter: Filter<Event>, sort: Document, limit: number) {
      const watch = watchExamined(client);
      const found = await events.find(filter).sort(sort).limit(limit).toArray();
      const examined = watch.take();
      watch.stop();
      return { ids: found.map((doc) => doc._id), examined };
    }

    it('when the newest page is read by _id, then only its documents are examined', async () => {
      const newest = await page({}, { _id: -1 }, 20);
      expect(newest.ids).toEqual(Array.from({ length: 20 }, (_, i) => 3000 - i));
      expect(newest.examined).toMatchObject({ docs: 20, plans: ['events:_id_'] });

      const after = await page({ _id: { $lt: 1000 } }, { _id: -1 }, 20);
      expect(after.ids).toEqual(Array.from({ length: 20 }, (_, i) => 999 - i));
      // Index bounds are inclusive: the walk starts at 1000, which the filter then refuses.
      expect(after.examined.docs).toBe(21);

      const oldest = await page({}, { _id: 1 }, 5);
      expect(oldest.ids).toEqual([1, 2, 3, 4, 5]);
      expect(oldest.examined.docs).toBe(5);
    });

    it('when a filter no index serves matches many, then the walk examines only what precedes the page', async () => {
      const result = await page({ n: { $gte: 100 } }, { _id: 1 }, 10);
      expect(result.ids).toEqual(Array.from({ length: 10 }, (_, i) => 100 + i));
      expect(result.examined.docs).toBe(109);
    });

    it('when the sort follows an index after its equality prefix, then that index is walked', async () => {
      const result = await page({ owner: 'rep7' }, { at: -1, _id: -1 }, 5);
      // rep7 holds _id 8, 38, …, 2978, all at day(7): the newest five by _id.
      expect(result.ids).toEqual([2978, 2948, 2918, 2888, 2858]);
      expect(result.examined).toMatchObject({ docs: 5, plans: ['events:owner_1_at_1'] });
    });

    it('when the filter names several values of the index prefix ($in) and the sort follows the rest, then the walks merge', async () => {
      const result = await page({ owner: { $in: ['rep7', 'rep9', 'rep40'] } }, { at: -1, _id: -1 }, 5);
      // rep9 holds _id 10, 40, …, 2980 at day(9), rep7 the same at day(7): the newest five are rep9's.
      expect(result.ids).toEqual([2980, 2950, 2920, 2890, 2860]);
      expect(result.examined).toMatchObject({ docs: 5, plans: ['events:owner_1_at_1'] });

      const oldest = await page({ owner: { $in: ['rep9', 'rep7'] }, at: { $gte: day(8) } }, { at: 1, _id: 1 }, 3);
      expect(oldest.ids).toEqual([10, 40, 70]);
      expect(oldest.examined.docs).toBe(3);
    });

    it('when the filter matches few, then the read falls back to the filter index within twice its cost', async () => {
      const result = await page({ owner: 'rep7', n: { $gte: 2900 } }, { _id: -1 }, 50);
      expect(result.ids).toEqual([2978, 2948, 2918]);
      expect(result.examined.plans).toEqual(['events:owner_1_at_1']);
      expect(result.examined.docs).toBeLessThanOrEqual(200);

      const pinned = await page({ _id: { $in: [5, 7, 9] } }, { _id: -1 }, 50);
      expect(pinned.ids).toEqual([9, 7, 5]);
      expect(pinned.examined.docs).toBe(3);
    });

    it('when documents change after the first read, then the walk answers from their new keys', async () => {
      await events.updateOne({ _id: 2978 }, { $set: { owner: 'rep8' } });
      await events.deleteOne({ _id: 2948 });
      await events.insertOne({ _id: 5000, owner: 'rep7', at: day(7), n: 5000 });
      const result = await page({ owner: 'rep7' }, { at: -1, _id: -1 }, 3);
      expect(result.ids).toEqual([5000, 2918, 2888]);
      const newest = await page({}, { _id: -1 }, 2);
      expect(newest.ids).toEqual([5000, 3000]);
    });
  });
});

describe('sorted reads on H2 file storage', () => {
  let dir: string;
  let server: LocalMongo | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-sorted-h2-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<MongoClient> {
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
    return new Client(server.uri, { monitorCommands: true }).connect();
  }

  it('when the server restarts, then sorted pages walk the rebuilt indexes and equal a sort of every match', async () => {
    const random = seeded(71);
    let id = 0;
    let client = await open();
    let pair = await createPair(client.db('sorted'), 'h2');
    await insertBoth(
      pair,
      Array.from({ length: 300 }, () => randomDocument(random, ++id)),
    );
    await mutateBoth(pair, random, () => ++id);
    await client.close();
    await server!.stop();

    client = await open();
    pair = { indexed: client.db('sorted').collection('h2_indexed'), plain: client.db('sorted').collection('h2_plain') };
    expect(await comparePages(client, pair, random, 40, id)).toBeGreaterThan(10);
    const watch = watchExamined(client);
    const newest = await pair.indexed.find({}).sort({ _id: -1 }).limit(7).toArray();
    expect(watch.take().docs).toBe(7);
    watch.stop();
    const expected = await pair.plain.aggregate<Document>([{ $sort: { _id: -1 } }, { $limit: 7 }]).toArray();
    expect(newest.map((doc) => doc._id)).toEqual(expected.map((doc) => doc._id as unknown));
    await client.close();
  }, 120_000);
});
