import { Types } from 'mongoose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkConflicts } from '../../models/conflicts/check-conflicts.js';
import { bulkAddToConflictIndex, markStopGrams } from '../../models/conflicts/keys/bulk-index.js';
import {
  addToConflictIndex,
  indexCollection,
  removeFromConflictIndex,
  STOP_GRAM_SIZE,
  type IndexDocument,
} from '../../models/conflicts/keys/conflict-index.js';
import { ConflictIndexModel } from '../../models/conflicts/keys/conflict-index.model.js';
import { readIndexDocuments } from '../../models/conflicts/keys/index-tails.js';
import { indexTerms } from '../../models/conflicts/keys/index-terms.js';
import { rebuildConflictIndex } from '../../models/conflicts/rebuild-index.js';
import { insertPublicCustomers } from '../../models/customers/use-cases/bulk-insert.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z');
const pool = [...'安邦泰康瑞博智联创源远天海云锦金银星辰佳美优嘉润丰利腾飞翔宇航中正和合德诚福祥隆昌兴旺明光东方'];
const nameOf = (i: number) =>
  `鸿运${pool[i % pool.length]}${pool[Math.floor(i / pool.length) % pool.length]}贸易有限公司`;

/** What the conflict check read before rewrite tokens: the first STOP_GRAM_SIZE + 1 entries and the stop flag. */
async function plainRead(ids: string[]): Promise<Map<string, IndexDocument>> {
  const docs = await indexCollection()
    .find({ _id: { $in: ids } }, { projection: { e: { $slice: STOP_GRAM_SIZE + 1 }, stop: 1 } })
    .toArray();
  return new Map(docs.map((d) => [d._id, d]));
}

async function expectSameAsPlainRead(ids: string[]): Promise<void> {
  const read = new Map((await readIndexDocuments(ids)).map((d) => [d._id, d]));
  expect(read).toEqual(await plainRead(ids));
}

/** Index entries the conflict index's reads transfer while `run` runs. */
async function entriesTransferred(run: () => Promise<unknown>): Promise<number> {
  const collection = ConflictIndexModel.collection;
  const find = collection.find.bind(collection);
  let entries = 0;
  const spy = vi.spyOn(collection, 'find').mockImplementation((...args: Parameters<typeof find>) => {
    const cursor = find(...args);
    const toArray = cursor.toArray.bind(cursor);
    cursor.toArray = async () => {
      const docs = await toArray();
      docs.forEach((d) => (entries += (d as { e?: unknown[] }).e?.length ?? 0));
      return docs;
    };
    return cursor;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return entries;
}

afterEach(() => vi.restoreAllMocks());

describe('conflict-index reads of only what is new', () => {
  it('when leads keep arriving under names sharing grams, then each check transfers the new entries only and still finds the newest lead', async () => {
    await insertPublicCustomers(
      Array.from({ length: 400 }, (_, i) => ({ name: nameOf(i) })),
      systemContext(now),
    );
    const check = (name: string) => checkConflicts({ name }, systemContext(now));
    const first = await entriesTransferred(() => check(nameOf(401)));
    expect(first).toBeGreaterThan(400);

    await createCustomer({ customer: { name: nameOf(402) }, into: 'public' }, systemContext(now));
    let found: Awaited<ReturnType<typeof check>> | undefined;
    const again = await entriesTransferred(async () => (found = await check(nameOf(402))));

    expect(found!.matches.map((m) => m.name)).toContain(nameOf(402));
    // the list shared by all 400 comes as its newest entries; the few lists not read before come whole
    expect(again).toBeLessThan(first / 4);
  });

  it('when lists are appended to, lose entries, get an entry back, become stop grams, are rebuilt or are changed by a writer that sets no token, then every read answers what a full read answers', async () => {
    const ids = Array.from({ length: 6 }, () => new Types.ObjectId());
    const customers = ids.map((_id, i) => ({ _id, name: nameOf(i) }));
    await bulkAddToConflictIndex(customers.slice(0, 3));
    const docIds = [...new Set(customers.flatMap((c) => [...indexTerms(c).grams, 'g:nothing']))];
    await expectSameAsPlainRead(docIds);

    for (const c of customers.slice(3)) {
      await addToConflictIndex(c._id, c); // appends
      await expectSameAsPlainRead(docIds);
    }
    // Two removals before the end, then one of them back at the end: the last entry is the same as before.
    const terms = customers.map((c) => indexTerms(c));
    await removeFromConflictIndex(ids[1]!, terms[1]!);
    await removeFromConflictIndex(ids[5]!, terms[5]!);
    await addToConflictIndex(ids[5]!, customers[5]!);
    await expectSameAsPlainRead(docIds);

    // A writer of an earlier version removes without a token; the overlap read tells.
    await indexCollection().updateMany(
      { _id: { $in: docIds } },
      { $pull: { e: `${ids[2]!.toHexString()}${terms[2]!.core}` } },
    );
    await expectSameAsPlainRead(docIds);

    await markStopGrams([terms[0]!.grams[0]!]);
    await expectSameAsPlainRead(docIds);

    await rebuildConflictIndex();
    await expectSameAsPlainRead(docIds);
    await addToConflictIndex(ids[1]!, customers[1]!);
    await expectSameAsPlainRead(docIds);
  });
});
