// Test runner settings: every test under test/, run in forked processes (better-sqlite3 is native); the run fails if
// any test touched data/ (see test/global-setup.ts). PostgreSQL tests read PAPERBOT_TEST_DATABASE_URL (see below).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    globalSetup: ['test/global-setup.ts'],
    // .ci/run exports DATABASE_URL (a throwaway PostgreSQL) for the tests that use it, through test/support/postgres.ts.
    // Every other test reads its configuration from the environment and must keep its own SQLite file in a temp
    // folder, not share that one database across parallel test files: there, DATABASE_URL is unset.
    env: { DATABASE_URL: '', PAPERBOT_TEST_DATABASE_URL: process.env.PAPERBOT_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '' },
  },
});
