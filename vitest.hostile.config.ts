import { defineConfig } from 'vitest/config';

// The hostile-conditions suite (`npm run test:hostile`): the real server process under sustained load
// with its database killed, a WeCom outage, and a fuzzing pass. Files run one after another, so the
// load of one does not disturb another.
export default defineConfig({
  test: {
    include: ['tests/hostile/**/*.hostile.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/loopback-only.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
