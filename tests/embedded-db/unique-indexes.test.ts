import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Collection, MongoClient } from 'mongodb';

interface Coded {
  _id: number;
  code: string;
}
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { watchExamined } from '../support/examined.js';

// Unique indexes of the embedded server's file storage live in memory and are rebuilt from the stored documents
// when it opens (scripts/mongo/.../h2/DerivedUniqueIndex.java): across clean and killed restarts they must still
// find documents by their keys, refuse duplicates, and free a key when its document changes or goes.

const { MongoClient: Client } = mongoose.mongo;

describe('unique indexes on file storage', () => {
  let dir = '';
  let server: LocalMongo | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrm-unique-h2-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<{ client: MongoClient; codes: Collection<Coded> }> {
    server = await startLocalMongo({ storage: join(dir, 'scrm.h2') });
    const client = await new Client(server.uri, { monitorCommands: true }).connect();
    return { client, codes: client.db('unique').collection<Coded>('codes') };
  }

  const duplicate = { code: 11000 };

  async function expectIndexServes(client: MongoClient, codes: Collection<Coded>, n: number): Promise<void> {
    const watch = watchExamined(client);
    expect(await codes.findOne({ code: `c${n}` })).toMatchObject({ _id: n, code: `c${n}` });
    expect(await codes.findOne({ _id: n })).toMatchObject({ code: `c${n}` });
    const seen = watch.take();
    watch.stop();
    expect(seen.plans).toEqual(['codes:code_1', 'codes:_id_']);
    expect(seen.docs).toBe(2);
  }

  it('when the server restarts, cleanly or killed, then unique keys still find, refuse and free as before', async () => {
    let { client, codes } = await open();
    await codes.createIndex({ code: 1 }, { unique: true });
    await codes.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: i, code: `c${i}` })));
    await codes.updateOne({ _id: 5 }, { $set: { code: 'moved5' } });
    await codes.deleteOne({ _id: 6 });
    await client.close();
    await server!.stop();

    ({ client, codes } = await open());
    await expectIndexServes(client, codes, 7);
    await expect(codes.insertOne({ _id: 1000, code: 'c7' })).rejects.toMatchObject(duplicate);
    await expect(codes.insertOne({ _id: 7, code: 'new' })).rejects.toMatchObject(duplicate);
    await expect(codes.updateOne({ _id: 8 }, { $set: { code: 'moved5' } })).rejects.toMatchObject(duplicate);
    // The moved and the deleted document's codes are free again.
    await codes.insertMany([
      { _id: 1005, code: 'c5' },
      { _id: 1006, code: 'c6' },
    ]);
    await client.close();
    process.kill(server!.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));

    ({ client, codes } = await open());
    await expectIndexServes(client, codes, 9);
    expect(await codes.findOne({ code: 'c6' })).toMatchObject({ _id: 1006 });
    await expect(codes.insertOne({ _id: 2000, code: 'c5' })).rejects.toMatchObject(duplicate);
    expect(await codes.countDocuments()).toBe(201);
    await client.close();
  }, 120_000);
});
