import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import type { Collection, MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { watchExamined } from '../support/examined.js';
import { STORED_COUNT, storedDocument } from './stored-documents.js';

// The embedded server's file storage keeps a collection it creates under sequence numbers in insertion order, not
// under the documents' _ids (scripts/mongo/.../h2/CachedH2Collection.java), so documents with unrelated _ids (WeCom
// events' keys) append to the stored tree. Documents must still be found, refused and changed by _id across
// clean and killed restarts, new documents must never take the place of stored ones, and an unindexed read returns
// documents in insertion order (as the memory storage and MongoDB do).

const { MongoClient: Client, ObjectId } = mongoose.mongo;
const fixture = join(import.meta.dirname, 'fixtures', 'legacy-format.h2.gz');

interface StoredEvent {
  _id: string;
  n: number;
  status: string;
}

const eventKey = () =>
  `change_external_contact|add_external_contact|wangfang|wm${randomBytes(8).toString('hex')}|||1764655000`;

describe('stored positions on file storage', () => {
  let dir = '';
  let server: LocalMongo | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-positions-h2-'));
  });
  afterEach(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<{ client: MongoClient; events: Collection<StoredEvent> }> {
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
    const client = await new Client(server.uri, { monitorCommands: true }).connect();
    return { client, events: client.db('positions').collection<StoredEvent>('events') };
  }

  async function restart(client: MongoClient, how: 'clean' | 'killed') {
    await client.close();
    if (how === 'killed') {
      process.kill(server!.pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
    } else {
      await server!.stop();
    }
    return open();
  }

  const duplicate = { code: 11000 };

  it('when documents with random _ids are written, changed and removed across restarts, then each is found, refused and kept by its _id', async () => {
    let { client, events } = await open();
    await events.createIndex({ status: 1, n: 1 });
    const ids = Array.from({ length: 300 }, eventKey);
    // Inserted in batches, as concurrent callbacks are stored.
    for (let i = 0; i < ids.length; i += 15) {
      await events.insertMany(
        ids.slice(i, i + 15).map((_id, j) => ({ _id, n: i + j, status: 'pending' })),
        { ordered: false },
      );
    }
    await events.updateOne({ _id: ids[10]! }, { $set: { status: 'done' } });
    await events.deleteOne({ _id: ids[299]! });
    ({ client, events } = await restart(client, 'killed'));

    // Found by _id through the _id index, and refused again as duplicates, after the restart.
    const watch = watchExamined(client);
    expect(await events.findOne({ _id: ids[10]! })).toEqual({ _id: ids[10], n: 10, status: 'done' });
    expect(watch.take().plans).toEqual(['events:_id_']);
    watch.stop();
    expect(await events.findOne({ _id: ids[299]! })).toBeNull();
    await expect(events.insertOne({ _id: ids[0]!, n: -1, status: 'pending' })).rejects.toMatchObject(duplicate);
    await expect(
      events.insertMany(
        [
          { _id: ids[1]!, n: -1, status: 'pending' },
          { _id: 'after-restart-1', n: 300, status: 'pending' },
        ],
        { ordered: false },
      ),
    ).rejects.toMatchObject(duplicate);
    expect(await events.findOne({ _id: ids[1]! })).toMatchObject({ n: 1 });

    // New documents after the restart take new places: every stored document is still there as it was.
    await events.insertMany(
      Array.from({ length: 50 }, (_, i) => ({ _id: `after-restart-${i + 2}`, n: 301 + i, status: 'pending' })),
    );
    await events.deleteMany({ n: { $gte: 340 } });
    ({ client, events } = await restart(client, 'clean'));
    await events.insertMany(
      Array.from({ length: 20 }, (_, i) => ({ _id: `after-second-${i}`, n: 400 + i, status: 'pending' })),
    );
    expect(await events.countDocuments()).toBe(299 + 40 + 20);
    for (const n of [0, 10, 150, 298]) {
      expect(await events.findOne({ _id: ids[n]! })).toMatchObject({ n });
    }
    expect(await events.findOne({ _id: 'after-restart-1' })).toMatchObject({ n: 300 });
    expect(await events.countDocuments({ status: 'pending', n: { $lt: 300 } })).toBe(298);

    // An unindexed read returns the documents in the order they were inserted; a changed document keeps its place.
    await events.updateOne({ _id: ids[0]! }, { $set: { status: 'done' } });
    const scanned = await events.find({}, { projection: { n: 1 } }).toArray();
    const expected = [
      ...Array.from({ length: 299 }, (_, i) => i),
      ...Array.from({ length: 40 }, (_, i) => 300 + i),
      ...Array.from({ length: 20 }, (_, i) => 400 + i),
    ];
    expect(scanned.map((doc) => doc.n)).toEqual(expected);
    await client.close();
  }, 120_000);

  it('when a collection is dropped and created again, then it starts empty and its new documents read back by _id', async () => {
    let { client, events } = await open();
    await events.insertMany([
      { _id: 'a', n: 1, status: 'pending' },
      { _id: 'b', n: 2, status: 'pending' },
    ]);
    await events.drop();
    await events.insertMany([
      { _id: 'b', n: 3, status: 'pending' },
      { _id: 'c', n: 4, status: 'pending' },
    ]);
    ({ client, events } = await restart(client, 'killed'));
    expect(await events.find().toArray()).toEqual([
      { _id: 'b', n: 3, status: 'pending' },
      { _id: 'c', n: 4, status: 'pending' },
    ]);
    await events.insertOne({ _id: 'd', n: 5, status: 'pending' });
    await expect(events.insertOne({ _id: 'c', n: 6, status: 'pending' })).rejects.toMatchObject(duplicate);
    ({ client, events } = await restart(client, 'clean'));
    expect((await events.find().toArray()).map((doc) => doc._id)).toEqual(['b', 'c', 'd']);
    await client.close();
  }, 120_000);

  it('when a data file from before opens, then its collections keep their _id order and a collection created in it keeps insertion order, across restarts', async () => {
    writeFileSync(join(dir, 'scrm.h2'), gunzipSync(readFileSync(fixture)));
    let { client } = await open();
    let db = client.db('legacy');
    // The file's collection is keyed by _id, as it was: a document with the smallest _id comes first in a scan.
    const early = { ...storedDocument(STORED_COUNT + 1), _id: new ObjectId('000000000000000000000001'), seq: 10_000 };
    await db.collection('customers').insertOne(early);
    await db.collection('customers').updateOne({ seq: 7 }, { $set: { name: '改名客户' } });
    const events = () => db.collection<{ _id: string; n: number }>('events');
    await events().insertMany([
      { _id: 'z', n: 1 },
      { _id: 'a', n: 2 },
      { _id: 'm', n: 3 },
    ]);
    ({ client } = await restart(client, 'killed'));
    db = client.db('legacy');

    const customers = await db
      .collection('customers')
      .find({}, { projection: { seq: 1 } })
      .toArray();
    expect(customers).toHaveLength(STORED_COUNT + 1);
    expect(customers[0]).toEqual({ _id: early._id, seq: 10_000 });
    expect(await db.collection('customers').findOne({ seq: 7 })).toMatchObject({
      name: '改名客户',
    });
    await expect(db.collection('customers').insertOne({ _id: early._id })).rejects.toMatchObject(duplicate);
    await expect(db.collection('customers').insertOne({ seq: 7 })).rejects.toMatchObject(duplicate);

    expect(await events().find().toArray()).toEqual([
      { _id: 'z', n: 1 },
      { _id: 'a', n: 2 },
      { _id: 'm', n: 3 },
    ]);
    await expect(events().insertOne({ _id: 'a', n: 4 })).rejects.toMatchObject(duplicate);
    await events().deleteOne({ _id: 'z' });
    await events().updateOne({ _id: 'm' }, { $set: { n: 30 } });
    await events().insertOne({ _id: 'b', n: 5 });
    ({ client } = await restart(client, 'clean'));
    db = client.db('legacy');
    expect(await events().find().toArray()).toEqual([
      { _id: 'a', n: 2 },
      { _id: 'm', n: 30 },
      { _id: 'b', n: 5 },
    ]);
    expect(await db.collection('customers').countDocuments()).toBe(STORED_COUNT + 1);
    await client.close();
  }, 120_000);
});
