import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Collection, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';

// When a journal write fails (here: the disk is full), what the segment's tail holds is unknown, so the embedded
// server must not acknowledge another write until it restarts and replays what the journal holds — even once space is
// free again. Otherwise a later write would be appended after a torn record, acknowledged, and lost at the next
// replay (which stops at the torn record). The disk is a small tmpfs, so this runs where the tests may mount one
// (root, as on the CI machines); elsewhere it is skipped and says so.

const { MongoClient: Client } = mongoose.mongo;

function canMount(): boolean {
  if (process.getuid?.() !== 0) {
    return false;
  }
  const probe = mkdtempSync(join(tmpdir(), 'scrm-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const mountable = canMount();
if (!mountable) {
  console.warn('journal-failure.test.ts: skipped, a tmpfs cannot be mounted here');
}

describe.skipIf(!mountable)('a journal write that fails', () => {
  let disk = '';
  let server: LocalMongo | undefined;
  let client: MongoClient | undefined;
  beforeAll(() => {
    disk = mkdtempSync(join(tmpdir(), 'scrm-full-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk]);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    execFileSync('umount', [disk]);
    rmSync(disk, { recursive: true, force: true });
  });

  async function open(): Promise<Collection<{ _id: number; body: string }>> {
    server = await startLocalMongo({ storage: join(disk, 'db', 'scrm.h2'), checkpointMs: 600_000 });
    client = await new Client(server.uri).connect();
    return client.db('full').collection('rows');
  }

  it('when the disk fills, then no write is acknowledged after the failed one, even with space again, until a restart', async () => {
    let rows = await open();
    await rows.insertOne({ _id: 0, body: 'first' });
    // A command that changes collections checkpoints the H2 file: its own background commit (once a second) then
    // waits while the journal fills the disk, so the journal is what finds the disk full.
    await client!.db('full').createCollection('other');
    // Leave about 200 KB free, then write 10 KB documents until the journal cannot take one.
    const filler = join(disk, 'filler');
    const { bavail, bsize } = statfsSync(disk);
    writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 200 * 1024)));
    const body = 'x'.repeat(10 * 1024);
    let acknowledged = 1;
    let failure: unknown;
    for (let i = 1; i < 200 && !failure; i++) {
      try {
        await rows.insertOne({ _id: i, body });
        acknowledged++;
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeDefined();
    expect(acknowledged).toBeGreaterThan(1);

    // Space again: the journal still refuses, since its tail may hold a torn record.
    rmSync(filler);
    await expect(rows.insertOne({ _id: 1000, body: 'after' })).rejects.toThrow();

    process.kill(server!.pid, 'SIGKILL');
    await client!.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    rows = await open();
    // Every acknowledged write is there, nothing that was refused, and the store takes writes again.
    expect(await rows.countDocuments()).toBe(acknowledged);
    expect(await rows.findOne({ _id: 1000 })).toBeNull();
    await rows.insertOne({ _id: 1001, body: 'restarted' });
    expect(await rows.countDocuments()).toBe(acknowledged + 1);
  }, 120_000);
});
