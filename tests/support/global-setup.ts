import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalMongo } from '../../models/shared/db/local-mongo.js';
import { checkQueryShapes } from './query-shapes.js';

// One in-memory database server per test run; each test file uses its own database on it. At the end,
// every query shape the run issued on a product collection must be listed and index-served
// (tests/support/query-shapes.ts); the observed shapes are written to .cache/query-shapes.observed.json.

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startLocalMongo({ storage: 'memory', oplog: true });
  project.provide('mongoUri', server.uri);
  return async () => {
    try {
      const report = await checkQueryShapes(server.uri, join(project.config.root, '.cache'));
      if (report.problems.length > 0) {
        // An error thrown here is only logged by vitest; the exit code is what fails `npm test`.
        process.exitCode = 1;
        console.error(
          `\n${report.problems.length} query shape(s) of ${report.observed} are not index-served or not listed in ` +
            `models/shared/db/query-shapes.json:\n${report.problems.join('\n')}\n`,
        );
      }
    } finally {
      await server.stop();
    }
  };
}
