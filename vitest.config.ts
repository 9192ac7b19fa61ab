// Test runner settings: every test under test/, run in forked processes (better-sqlite3 is native); the run fails if
// any test touched data/ (see test/global-setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
