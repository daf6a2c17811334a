import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import type { Config } from '../../../config/config.js';
import { startLocalMongo, type LocalMongo } from './local-mongo.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE, tightenPrivateDir } from './private-files.js';
import '../../registry.js';

export { isDatabaseUnavailable } from '../db-unavailable.js';

export interface Database {
  /** Where the data lives, for logs and the health endpoint (no credentials). */
  description: string;
  embedded: boolean;
  /** The connection string this process used, for a worker process of ours to join the same database. */
  uri: string;
  close(): Promise<void>;
}

interface EmbeddedState {
  port: number;
  pid: number;
}

const DEFAULT_DB_NAME = 'scrm';

/**
 * Connects mongoose to MONGODB_URI, or, when it is unset, to the embedded server storing its data
 * under DATA_DIR (reusing one another local process of ours already runs on the same directory).
 */
export async function connectDatabase(config: Config, log: (line: string) => void = () => {}): Promise<Database> {
  mongoose.set('strictQuery', true);
  if (config.mongodbUri) {
    const hasDbName = /^mongodb(\+srv)?:\/\/[^/]+\/[^?]+/.test(config.mongodbUri);
    await mongoose.connect(config.mongodbUri, {
      ...(hasDbName ? {} : { dbName: DEFAULT_DB_NAME }),
      serverSelectionTimeoutMS: 10_000,
    });
    logRetired(await ensureIndexes(), log);
    return {
      description: 'MongoDB (MONGODB_URI)',
      embedded: false,
      uri: config.mongodbUri,
      close: () => mongoose.disconnect(),
    };
  }

  const dir = resolve(config.dataDir, 'db');
  ensurePrivateDir(resolve(config.dataDir));
  ensurePrivateDir(dir);
  const stateFile = join(dir, 'server.json');
  let owned: LocalMongo | undefined;
  let port = await runningEmbeddedPort(stateFile);
  if (port === undefined) {
    owned = await startLocalMongo({ storage: join(dir, 'scrm.h2'), log });
    port = owned.port;
    writeFileSync(stateFile, JSON.stringify({ port: owned.port, pid: owned.pid } satisfies EmbeddedState), {
      mode: PRIVATE_FILE_MODE,
    });
    // The Java launcher creates the H2 store with its own umask: make it (and its neighbours) 0600.
    tightenPrivateDir(dir);
    log(`embedded database started on 127.0.0.1:${port} (data in ${dir})`);
  } else {
    log(`using the embedded database already running on 127.0.0.1:${port}`);
  }
  const uri = `mongodb://127.0.0.1:${port}/${DEFAULT_DB_NAME}`;
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 5_000 });
  logRetired(await ensureIndexes(), log);
  return {
    description: `embedded (${dir})`,
    embedded: true,
    uri,
    async close() {
      await mongoose.disconnect();
      if (owned) {
        await owned.stop();
        rmSync(stateFile, { force: true });
      }
    },
  };
}

async function runningEmbeddedPort(stateFile: string): Promise<number | undefined> {
  if (!existsSync(stateFile)) {
    return undefined;
  }
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as EmbeddedState;
    process.kill(state.pid, 0);
    return (await portAnswers(state.port)) ? state.port : undefined;
  } catch {
    return undefined;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Indexes an earlier version created that no query needs any more. Mongoose creates the indexes a model declares
 * but never drops one, so a database created before would keep them, and every write of the collection would
 * keep maintaining them. Only names listed here are ever dropped.
 */
export const retiredIndexes: readonly { collection: string; name: string; why: string }[] = [
  {
    collection: 'wecom_events',
    name: 'status_1_nextAttemptAt_1',
    why: 'status_1_createdAtWecom_1_receivedAt_1 serves every read it served',
  },
  {
    collection: 'outbound_messages',
    name: 'status_1_nextAttemptAt_1',
    why: 'replaced by status_1_channel_1_nextAttemptAt_1_createdAt_1, which serves the due reads in order',
  },
];

function logRetired(dropped: string[], log: (line: string) => void): void {
  if (dropped.length > 0) {
    log(`dropped indexes no query uses any more: ${dropped.join(', ')}`);
  }
}

// MongoDB's codes for a missing index and a missing collection: nothing to drop.
const INDEX_NOT_FOUND = 27;
const NAMESPACE_NOT_FOUND = 26;

/**
 * Creates every registered model's collection and indexes, then drops the retired ones still there (another
 * instance may drop them first). Answers the retired indexes it dropped, as `collection.name`.
 */
export async function ensureIndexes(): Promise<string[]> {
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  const db = mongoose.connection.db;
  const dropped: string[] = [];
  for (const { collection, name } of db ? retiredIndexes : []) {
    try {
      await db!.collection(collection).dropIndex(name);
      dropped.push(`${collection}.${name}`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== INDEX_NOT_FOUND && code !== NAMESPACE_NOT_FOUND) {
        throw error;
      }
    }
  }
  return dropped;
}

/** Round-trips a ping to the database within the timeout. */
export async function databaseIsUp(timeoutMs = 2000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected || !db) {
    return false;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db
        .admin()
        .ping()
        .then(() => true),
      new Promise<boolean>((done) => {
        timer = setTimeout(() => done(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
