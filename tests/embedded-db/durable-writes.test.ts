import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { durableWrites } from '../support/durable-writes.js';

// With no MONGODB_URI the embedded server's file storage is the production store: a write it acknowledges must be on
// the disk, not only in the kernel's page cache, or a power loss drops an acknowledged WeCom callback that WeCom never
// resends. The launcher forces its journal (one fsync per group commit) before it answers any write that force covers
// (scripts/mongo/Launcher.java, .../h2/Journal.java) and counts it: `durableWrites` answers how many writes were
// applied and how many of them a forced journal covers (tests/embedded-db/journal.test.ts kills it to prove it).

const { MongoClient: Client } = mongoose.mongo;

describe('durable writes on file storage', () => {
  let dir = '';
  let server: LocalMongo | undefined;
  let client: MongoClient | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-durable-h2-'));
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
    client = await new Client(server.uri).connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const durability = () => durableWrites(client!);

  it('when a write is acknowledged, then a forced commit covers it, alone or among concurrent writes', async () => {
    const events = client!.db('durable').collection<{ _id: string; n: number }>('events');
    await events.insertOne({ _id: 'first', n: 0 });
    const before = await durability();
    expect(before.durable).toBe(before.applied);

    await events.insertOne({ _id: 'one', n: 1 });
    const one = await durability();
    expect(one.applied).toBe(before.applied + 1);
    expect(one.durable).toBe(one.applied);
    expect(one.syncs).toBeGreaterThan(before.syncs);

    // Concurrent writers share forced commits; each is answered only once one covers it. A refused write (E11000)
    // may still have changed something, so it is covered too.
    const writes = await Promise.allSettled([
      ...Array.from({ length: 30 }, (_, i) => events.insertOne({ _id: `c${i}`, n: i })),
      events.insertOne({ _id: 'one', n: -1 }),
      events.updateOne({ _id: 'first' }, { $set: { n: 100 } }),
    ]);
    expect(writes.filter((w) => w.status === 'rejected')).toHaveLength(1);
    const after = await durability();
    expect(after.applied).toBe(one.applied + 32);
    expect(after.durable).toBe(after.applied);
    expect(after.syncs).toBeGreaterThan(one.syncs);

    // Reads force nothing (a background checkpoint of the H2 file may run meanwhile; it is no write's force).
    await events.find().toArray();
    const read = await durability();
    expect([read.applied, read.durable, read.syncs]).toEqual([after.applied, after.durable, after.syncs]);
  }, 60_000);
});
