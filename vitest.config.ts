import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'server/**/*.test.ts', 'bot/**/*.test.ts', 'models/**/*.test.ts'],
    // The hostile-conditions suite has its own config and command (npm run test:hostile).
    exclude: [...configDefaults.exclude, 'tests/hostile/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    // Two test files at a time: most of a file's time is spent waiting on the database server or a child
    // process, so on 2 cores two forks nearly halve the run.
    maxWorkers: 2,
    // A fork keeps the modules it loaded for its next test file (each file still gets a database of its own,
    // tests/support/database.ts): loading the app anew for each of ~140 files was a fifth of the run (560 s
    // against 680 s for the whole suite on 2 cores, 3 December). Process-wide caches must not outlive their
    // database (models/org/rules-version.ts).
    isolate: false,
    testTimeout: 30_000,
    // expect.poll waits up to 15 s (vitest's 1 s default is too short for a page under load: a poll only
    // waits longer when it would otherwise fail).
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
    // Outbound HTTP is refused unless it goes to loopback (tests/support/loopback-only.ts).
    setupFiles: ['tests/support/loopback-only.ts'],
  },
});
