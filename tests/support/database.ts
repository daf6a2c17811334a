import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, inject } from 'vitest';
import { ensureIndexes } from '../../models/shared/db/database.js';
import '../../models/registry.js';

/** A fresh database for this test file on the shared test server; returns its URI. */
export function testDatabaseUri(): string {
  return `${inject('mongoUri')}/t_${randomBytes(6).toString('hex')}`;
}

/** Connects mongoose to a fresh database for this test file and drops it afterwards. */
export function useTestDatabase(): { uri: () => string } {
  let uri = '';
  beforeAll(async () => {
    uri = testDatabaseUri();
    await mongoose.connect(uri);
    await ensureIndexes();
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });
  return { uri: () => uri };
}

/** Empties every collection (indexes stay), for tests that need a clean slate between cases. */
export async function clearDatabase(): Promise<void> {
  await Promise.all(Object.values(mongoose.connection.collections).map((c) => c.deleteMany({})));
}
