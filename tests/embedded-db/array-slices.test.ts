import mongoose from 'mongoose';
import type { Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// `$slice` projections on the embedded server answer what MongoDB answers, a skip outside the array and a
// missing field included (mongo-java-server 1.47 alone fails the whole read there or closes the connection:
// scripts/mongo/.../SkippedSlices.java). The conflict index reads posting lists from the last entry a process
// holds, and a list may have shrunk since.

const { MongoClient: Client } = mongoose.mongo;

/** MongoDB's [skip, limit] slice of an array (skip may be negative: counted from the end, floored at 0). */
function sliced(list: number[], skip: number, limit: number): number[] {
  const from = skip < 0 ? Math.max(0, list.length + skip) : skip;
  return list.slice(from, from + limit);
}

describe('array slices in a projection on the embedded server', () => {
  let client: MongoClient;
  let db: Db;
  beforeAll(async () => {
    client = await new Client(inject('mongoUri')).connect();
    db = client.db(`t_slices_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('when a read slices from past the end of some arrays, then those answer [] and the rest their slice', async () => {
    const lists = Array.from({ length: 7 }, (_, n) => Array.from({ length: n }, (_, i) => n * 10 + i));
    const docs = lists.map((e, n) => ({ _id: `d${n}`, e, tag: 'x', other: n }));
    const items = db.collection<(typeof docs)[number]>('sliced');
    await items.insertMany(docs);
    const ids = docs.map((d) => d._id);
    for (const skip of [-8, -2, 0, 1, 3, 5, 6, 9]) {
      for (const limit of [1, 2, 4]) {
        // One read by _id (an index plan), one by an unindexed field (a collection scan), as the product reads.
        for (const filter of [{ _id: { $in: ids } }, { tag: 'x' }]) {
          const found = await items
            .find(filter, { projection: { e: { $slice: [skip, limit] }, other: 1 } })
            .sort({ _id: 1 })
            .toArray();
          const label = `${JSON.stringify(filter)} $slice [${skip}, ${limit}]`;
          expect(found, label).toEqual(docs.map((d) => ({ _id: d._id, e: sliced(d.e, skip, limit), other: d.other })));
        }
      }
    }
    // A field that is not an array is returned as it is, a missing one left out (the library alone put a marker
    // there that closed the connection).
    await items.insertMany([
      { _id: 'scalar', e: 7 as unknown as number[], tag: 'y', other: 0 },
      { _id: 'missing', tag: 'y', other: 1 } as unknown as (typeof docs)[number],
    ]);
    for (const slice of [[3, 2], [-9, 1], 2, -1]) {
      const odd = await items
        .find({ tag: 'y' }, { projection: { e: { $slice: slice }, other: 1 } })
        .sort({ _id: 1 })
        .toArray();
      expect(odd, JSON.stringify(slice)).toEqual([
        { _id: 'missing', other: 1 },
        { _id: 'scalar', e: 7, other: 0 },
      ]);
    }
    // A limit that is no positive number is refused, past the end of an array too, and the server goes on.
    for (const limit of [0, null, 'x']) {
      await expect(
        items.find({ _id: 'd1' }, { projection: { e: { $slice: [5, limit] } } }).toArray(),
        String(limit),
      ).rejects.toThrow(/\$slice/);
    }
    expect(await items.countDocuments({ tag: 'x' })).toBe(7);
  });
});
