import type { TestProject } from 'vitest/node';
import { startLocalMongo } from '../../models/shared/db/local-mongo.js';

// One in-memory database server per test run; each test file uses its own database on it.

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startLocalMongo({ storage: 'memory', oplog: true });
  project.provide('mongoUri', server.uri);
  return () => server.stop();
}
