import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Collection, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';

// The embedded server's file storage keeps documents it has read or written decoded in memory, up to a budget
// (scripts/mongo/.../h2/CachedH2Collection.java). With a budget far smaller than the data, documents keep being
// dropped from and read back into it: every read by _id or by index must still answer the latest write, before
// and after a restart, as a model of the writes says.

const { MongoClient: Client } = mongoose.mongo;

interface Item {
  _id: number;
  group: string;
  n: number;
  note: string;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GROUPS = ['a', 'b', 'c', 'd', 'e'];
const note = (i: number) => `备注${i}-`.padEnd(700, 'x');

describe('decoded documents kept in memory', () => {
  let dir = '';
  let server: LocalMongo | undefined;
  let client: MongoClient | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-cache-h2-'));
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<Collection<Item>> {
    // 1 MB: a few hundred of these documents; the collection holds 3,000.
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2'), documentCacheMb: 1 });
    client = await new Client(server.uri).connect();
    return client.db('cache').collection<Item>('items');
  }

  async function expectAsModel(items: Collection<Item>, model: Map<number, Item>, random: () => number) {
    for (const group of GROUPS) {
      const byIndex = await items.find({ group }).sort({ _id: 1 }).toArray();
      const expected = [...model.values()].filter((i) => i.group === group).sort((x, y) => x._id - y._id);
      expect(byIndex).toEqual(expected);
    }
    for (let k = 0; k < 200; k++) {
      const id = Math.floor(random() * 3500);
      expect(await items.findOne({ _id: id })).toEqual(model.get(id) ?? null);
    }
  }

  it('when the budget is far smaller than the data, then reads by _id and by index answer the latest write, also after a restart', async () => {
    let items = await open();
    await items.createIndex({ group: 1 });
    const random = seeded(18);
    const model = new Map<number, Item>();
    const all = Array.from({ length: 3000 }, (_, i) => ({ _id: i, group: GROUPS[i % 5]!, n: 0, note: note(i) }));
    await items.insertMany(all);
    all.forEach((item) => model.set(item._id, { ...item }));

    for (let step = 0; step < 600; step++) {
      const id = Math.floor(random() * 3500);
      const roll = random();
      const current = model.get(id);
      if (roll < 0.5 && current) {
        const group = GROUPS[Math.floor(random() * 5)]!;
        await items.updateOne({ _id: id }, { $set: { group }, $inc: { n: 1 } });
        model.set(id, { ...current, group, n: current.n + 1 });
      } else if (roll < 0.65 && current) {
        await items.deleteOne({ _id: id });
        model.delete(id);
      } else if (roll < 0.8 && !current) {
        const item = { _id: id, group: GROUPS[step % 5]!, n: 100, note: note(id) };
        await items.insertOne(item);
        model.set(id, item);
      } else {
        expect(await items.findOne({ _id: id })).toEqual(current ?? null);
      }
    }
    await expectAsModel(items, model, random);

    await client!.close();
    process.kill(server!.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    items = await open();
    await expectAsModel(items, model, random);
    expect(await items.countDocuments()).toBe(model.size);
  }, 120_000);
});
