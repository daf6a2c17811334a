import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'server/**/*.test.ts', 'bot/**/*.test.ts', 'models/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Outbound HTTP is refused unless it goes to loopback (tests/support/loopback-only.ts).
    setupFiles: ['tests/support/loopback-only.ts'],
  },
});
