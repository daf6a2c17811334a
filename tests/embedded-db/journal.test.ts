import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Collection, MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { durableWrites } from '../support/durable-writes.js';
import { watchExamined } from '../support/examined.js';

// The embedded server's file storage answers a write once its journal holds the write on disk, and commits the H2
// file only at checkpoints (scripts/mongo/.../h2/Journal.java). These kill the server with SIGKILL — no shutdown, no
// last commit — and open the same file again: every acknowledged write must be there, with its indexes, whether the
// H2 file or only the journal held it, and a write torn by the crash must not keep the store from opening.

const { MongoClient: Client } = mongoose.mongo;

interface Row {
  // A number, or the ObjectId the server gives an upserted document.
  _id: number;
  code: string;
  team: string;
  n: number;
  tags?: string[];
}

describe('the file storage journal', () => {
  let dir = '';
  let server: LocalMongo | undefined;
  let client: MongoClient | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-journal-'));
  });
  afterEach(async () => {
    await client?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(checkpointMs?: number): Promise<Collection<Row>> {
    await client?.close();
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2'), checkpointMs });
    client = await new Client(server.uri, { monitorCommands: true }).connect();
    return client.db('journal').collection<Row>('rows');
  }

  async function kill(): Promise<void> {
    await client?.close();
    client = undefined;
    process.kill(server!.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  const durability = () => durableWrites(client!);
  const everything = (rows: Collection<Row>) => rows.find().sort({ code: 1 }).toArray();
  const segments = () => readdirSync(dir).filter((name) => name.startsWith('scrm.h2.journal.'));

  /** Concurrent inserts, updates, removals and an upsert whose _id the server makes: what a kill must not lose. */
  async function writeMany(rows: Collection<Row>, from: number): Promise<void> {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        rows.insertOne({ _id: from + i, code: `c${from + i}`, team: `t${i % 7}`, n: i, tags: [`g${i % 3}`] }),
      ),
    );
    await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => rows.updateOne({ _id: from + i }, { $inc: { n: 1000 } })),
      rows.updateMany({ team: 't3', _id: { $gte: from } }, { $set: { team: 'moved' }, $push: { tags: 'moved' } }),
      rows.deleteMany({ _id: { $gte: from + 190, $lt: from + 200 } }),
      rows.findOneAndUpdate({ code: `up${from}` }, { $set: { team: 'upserted', n: -1 } }, { upsert: true }),
    ]);
  }

  it('when the server is killed before any checkpoint, then every acknowledged write is there with its indexes', async () => {
    let rows = await open(600_000);
    await rows.createIndex({ code: 1 }, { unique: true });
    await rows.createIndex({ team: 1, n: 1 });
    const afterIndexes = await durability();
    await writeMany(rows, 0);
    const before = await everything(rows);
    const written = await durability();
    // Nothing but the journal holds these writes: no checkpoint ran since the indexes were made.
    expect(written.checkpoints).toBe(afterIndexes.checkpoints);
    expect(written.durable).toBe(written.applied);
    expect(written.journalBytes).toBeGreaterThan(0);
    expect(before).toHaveLength(191);
    await kill();

    rows = await open(600_000);
    const reopened = await durability();
    expect(reopened.replayed).toBeGreaterThan(200);
    expect(await everything(rows)).toEqual(before);
    // The upsert keeps the _id the server gave it; both indexes were rebuilt from what the journal restored.
    expect(await rows.findOne({ code: 'up0' })).toEqual(before.find((row) => row.code === 'up0'));
    await expect(rows.insertOne({ _id: 5000, code: 'c5', team: 'x', n: 0 })).rejects.toMatchObject({ code: 11000 });
    await rows.insertOne({ _id: 5001, code: 'c195', team: 'x', n: 0 });
    const watch = watchExamined(client!);
    const moved = await rows.find({ team: 'moved' }).toArray();
    expect(watch.take().plans).toEqual(['rows:team_1_n_1']);
    watch.stop();
    expect(moved.map((row) => row._id).sort()).toEqual(
      before
        .filter((row) => row.team === 'moved')
        .map((row) => row._id)
        .sort(),
    );

    // A second round on the replayed store, killed again.
    await writeMany(rows, 10_000);
    const second = await everything(rows);
    await kill();
    rows = await open();
    expect(await everything(rows)).toEqual(second);
    expect(statSync(join(dir, segments()[0]!)).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('when collections and a database are dropped and made again before a kill, then only what is new comes back', async () => {
    let rows = await open(600_000);
    const { checkpoints } = await durability();
    await rows.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i, code: `old${i}`, team: 't', n: i })));
    await client!.db('journal').collection<Row>('gone').insertOne({ _id: 1, code: 'gone', team: 't', n: 0 });
    await client!.db('journal-other').collection<Row>('x').insertOne({ _id: 1, code: 'x', team: 't', n: 0 });
    await rows.drop();
    await client!.db('journal').dropCollection('gone');
    await client!.db('journal-other').dropDatabase();
    await rows.createIndex({ code: 1 }, { unique: true });
    await rows.insertMany([
      { _id: 0, code: 'new0', team: 't', n: 0 },
      { _id: 100, code: 'new100', team: 't', n: 100 },
    ]);
    // The drops, the index and the documents are in the journal only.
    expect((await durability()).checkpoints).toBe(checkpoints);
    await kill();

    rows = await open();
    expect((await everything(rows)).map((row) => row.code)).toEqual(['new0', 'new100']);
    const names = (await client!.db('journal').listCollections().toArray()).map((c) => c.name);
    expect(names.filter((name) => !name.startsWith('system.'))).toEqual(['rows']);
    expect(await client!.db('journal-other').collection('x').countDocuments()).toBe(0);
    await expect(rows.insertOne({ _id: 5, code: 'new0', team: 't', n: 5 })).rejects.toMatchObject({ code: 11000 });
  }, 120_000);

  it('when a crash tore the journal’s last record, then the store opens with every acknowledged write', async () => {
    let rows = await open(600_000);
    await rows.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i, code: `c${i}`, team: 't', n: i })));
    await kill();
    // What a write cut short leaves: a record header announcing more bytes than follow.
    const last = segments()
      .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
      .pop()!;
    const torn = Buffer.alloc(20);
    torn.writeInt32BE(4000, 0);
    appendFileSync(join(dir, last), torn);

    rows = await open(600_000);
    expect(await rows.countDocuments()).toBe(50);
    await rows.insertOne({ _id: 50, code: 'c50', team: 't', n: 50 });
    await kill();
    rows = await open();
    expect((await everything(rows)).map((row) => row.code)).toEqual(
      Array.from({ length: 51 }, (_, i) => `c${i}`).sort(),
    );
  }, 120_000);

  it('when a checkpoint ran, then the H2 file alone holds the writes before it and the journal it covers is gone', async () => {
    let rows = await open(100);
    const { checkpoints } = await durability();
    await writeMany(rows, 0);
    const before = await everything(rows);
    let after = await durability();
    for (let tries = 0; tries < 100 && (after.checkpoints === checkpoints || after.journalBytes > 0); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await durability();
    }
    expect(after.checkpoints).toBeGreaterThan(checkpoints);
    expect(after.journalBytes).toBe(0);
    expect(segments()).toHaveLength(1);
    await kill();

    rows = await open();
    expect((await durability()).replayed).toBe(0);
    expect(await everything(rows)).toEqual(before);
  }, 120_000);
});
