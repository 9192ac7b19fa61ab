// PostgreSQL for tests: a fresh database per test file on the server .ci/postgres started, skipped with a reason without one.
//
// .ci/run (and `npm run test:pg`) export DATABASE_URL for a throwaway server, plus PAPERBOT_PG_DATA and PAPERBOT_PG_CTL
// (see .ci/postgres). Test files run in parallel forked processes against that one server, so each gets its own
// database, and fault tests that stop a server get a server of their own: stopping the shared one would fail every
// other file that happens to be running.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../.ci/postgres', import.meta.url));

/** The CI server as this test process sees it. */
export interface PostgresForTests {
  /** The server's admin URL (DATABASE_URL), or undefined when PostgreSQL tests are skipped. */
  url: string | undefined;
  /** Why PostgreSQL tests are skipped, or undefined when they run. */
  skipReason: string | undefined;
  /** Why tests that stop a server are skipped (PAPERBOT_PG_CTL unset: .ci/postgres did not start this run), or undefined. */
  faultSkipReason: string | undefined;
}

/** Reads DATABASE_URL and PAPERBOT_PG_CTL; a URL that is not postgres:// (a SQLite path, say) skips the tests too. */
export function postgresForTests(env: NodeJS.ProcessEnv = process.env): PostgresForTests {
  // vitest.config.ts moves DATABASE_URL here, so that only these tests see it (see there).
  const raw = (env.PAPERBOT_TEST_DATABASE_URL || env.DATABASE_URL)?.trim();
  const skipReason = !raw
    ? 'DATABASE_URL is not set'
    : !/^postgres(ql)?:\/\//i.test(raw)
      ? 'DATABASE_URL is not a postgres:// URL'
      : undefined;
  const faultSkipReason = skipReason ?? (env.PAPERBOT_PG_CTL ? undefined : 'PAPERBOT_PG_CTL is not set (.ci/postgres sets it)');
  return { url: skipReason ? undefined : raw, skipReason, faultSkipReason };
}

let noted = false;

/** One line per test process, so a run without PostgreSQL says so instead of passing quietly. */
function noteSkip(reason: string): void {
  if (noted) return;
  noted = true;
  console.info(`PostgreSQL tests skipped: ${reason} (.ci/run starts one, or npm run test:pg; see docs/development.md)`);
}

/** `describe` that runs only with a PostgreSQL DATABASE_URL; otherwise skipped, with the reason in its name. */
export function describePostgres(name: string, fn: () => void): void {
  const { skipReason } = postgresForTests();
  if (skipReason) noteSkip(skipReason);
  describe.skipIf(skipReason !== undefined)(skipReason ? `${name} (skipped: ${skipReason})` : name, fn);
}

/** `describe` for tests that stop and start a server (startPrivatePostgres); skipped, with the reason, outside .ci/postgres. */
export function describePostgresFaults(name: string, fn: () => void): void {
  const { faultSkipReason } = postgresForTests();
  if (faultSkipReason) noteSkip(faultSkipReason);
  describe.skipIf(faultSkipReason !== undefined)(faultSkipReason ? `${name} (skipped: ${faultSkipReason})` : name, fn);
}

/** A database of one's own on the CI server. */
export interface TestDatabase {
  /** Its name, pb_<pid>_<random>: unique across the parallel test processes. */
  name: string;
  /** A URL for it: the admin URL with its database name. */
  url: string;
  /** DROP DATABASE … WITH (FORCE): also ends connections still open (close your pools first, or give them an 'error' handler). */
  drop(): Promise<void>;
}

/** Runs SQL on the server's admin database with a connection of its own. */
async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE pb_<pid>_<random> on the server at `adminUrl` (default: DATABASE_URL). */
export async function createTestDatabase(adminUrl: string | undefined = postgresForTests().url): Promise<TestDatabase> {
  if (!adminUrl) throw new Error(`createTestDatabase: ${postgresForTests().skipReason}; put the test in describePostgres`);
  const name = `pb_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Inside describePostgres: a fresh database for the whole describe ('file', the default) or for each test ('each'),
 * dropped afterwards. Returns a getter, since the database exists only once the hooks have run.
 */
export function useTestDatabase(scope: 'file' | 'each' = 'file'): () => TestDatabase {
  let db: TestDatabase | undefined;
  const [before, after] = scope === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
    db = undefined;
  });
  return () => {
    if (!db) throw new Error('useTestDatabase: no database yet; call the getter inside a test or hook, not at collection time');
    return db;
  };
}

/** A PostgreSQL server for one test file alone, to stop and start (fault tests). */
export interface PrivatePostgres {
  /** Its admin URL (database paperbot_test); the port stays the same across stop and start. */
  url: string;
  /** Its data directory. */
  dataDir: string;
  /** pg_ctl stop -m fast: connections are closed, new ones are refused until start(). */
  stop(): Promise<void>;
  /** pg_ctl start, waiting until it accepts connections. */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** Stops it and removes its folder (.ci/postgres stop). */
  close(): Promise<void>;
}

/**
 * Starts a new throwaway server with .ci/postgres in a temp folder (about a second): call it in beforeAll inside
 * describePostgresFaults, and close() it in afterAll.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-pg-'));
  const close = async () => {
    await run('bash', [SCRIPT, 'stop', dir]);
  };
  try {
    await run('bash', [SCRIPT, 'start', dir]);
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  const env = Object.fromEntries(
    readFileSync(join(dir, 'env'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const dataDir = env.PAPERBOT_PG_DATA;
  // The wrapper runs pg_ctl as the user that owns the data (never root); -l keeps the server off our pipes.
  const pgCtl = (...args: string[]) => run(env.PAPERBOT_PG_CTL, ['-D', dataDir, '-w', '-t', '30', ...args]).then(() => {});
  const stop = () => pgCtl('-m', 'fast', 'stop');
  const start = () => pgCtl('-l', join(dir, 'server.log'), 'start');
  return { url: env.DATABASE_URL, dataDir, stop, start, restart: async () => { await stop(); await start(); }, close };
}
