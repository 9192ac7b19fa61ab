// The store on PostgreSQL (DATABASE_URL=postgres://…): one pool, the schema migrated at open, every table's class.
import pg from 'pg';
import { createLog, type Log } from '../../log.ts';
import type { Store } from '../types.ts';
import { PgFeedbackStore, PgSavedStore } from './feedback.ts';
import { PgInstallationStore } from './installations.ts';
import { transaction } from './transaction.ts';
import { adoptStatements, TEAM_TABLES } from '../adopt-team.ts';
import { PgLeaseStore } from './leases.ts';
import { PgEnrichmentStore, PgLookupStore, PgShareStore } from './links.ts';
import { migrate } from './migrations.ts';
import { PgPaperStore } from './papers.ts';
import { PgRunStore } from './runs.ts';
import { PostgresEventDedupe } from './seen-events.ts';
import { PgHomeDigests, PgSubscriptionStore } from './subscriptions.ts';

export interface PostgresStoreOptions {
  /** Where pool errors go (an idle connection dropped by a server restart). Default: a logger on stdout. */
  log?: Log;
  /** Most connections this process opens. Default 10: several replicas share the server's max_connections (100). */
  poolMax?: number;
}

/** The URL with its password replaced by `***` (in the userinfo and in a `password=` parameter): safe to log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString().replace('password=%2A%2A%2A', 'password=***');
  } catch {
    return url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@').replace(/password=[^&\s]*/gi, 'password=***');
  }
}

/**
 * Opens a pool on `url`, migrates the schema (SchemaTooNewError when the database is newer than this code) and
 * returns the store. A server restart needs nothing from the caller: calls made while it is down reject within
 * connectionTimeoutMillis, and the pool opens new connections once it is back.
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const log = opts.log ?? createLog('info');
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    // A server that does not answer fails a call in seconds instead of hanging it.
    connectionTimeoutMillis: 3000,
    // Client side and server side: a statement stuck behind a lock or a dead connection ends with an error.
    query_timeout: 10_000,
    statement_timeout: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'paperbot',
  });
  // Without a listener, an idle connection's error (the server restarted or closed it) is an unhandled 'error'
  // event and ends the process. The pool drops that connection and opens a new one when next asked.
  pool.on('error', (err) => {
    log.warn({ event: 'postgres_pool_error', error: (err as { code?: string }).code ?? 'unknown', location }, `an idle PostgreSQL connection failed: ${err.message}`);
  });
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }

  const runs = new PgRunStore(pool);
  const subscriptions = new PgSubscriptionStore(pool);
  let closed: Promise<void> | undefined;
  return {
    kind: 'postgres',
    location,
    subscriptions,
    runs,
    ledger: runs.ledger,
    papers: new PgPaperStore(pool),
    feedback: new PgFeedbackStore(pool),
    lookups: new PgLookupStore(pool),
    shares: new PgShareStore(pool),
    enrichments: new PgEnrichmentStore(pool),
    saved: new PgSavedStore(pool),
    homeDigests: new PgHomeDigests(pool, subscriptions),
    leases: new PgLeaseStore(pool),
    // busyTimeoutMs is SQLite's blocking wait on a file lock; the PostgreSQL claim has its own bound (timeoutMs).
    seenEvents: (o) => new PostgresEventDedupe(pool, o),
    installations: (cipher) => new PgInstallationStore(pool, cipher),
    adoptTeam: (teamId) =>
      transaction(pool, async (client) => {
        let moved = 0;
        for (const { table, key } of TEAM_TABLES) {
          const [update, drop] = adoptStatements(table, key, (n) => `$${n}::text`);
          moved += (await client.query(update, [teamId])).rowCount ?? 0;
          await client.query(drop);
        }
        return moved;
      }),
    close: () => (closed ??= pool.end()),
  };
}

export { PG_SCHEMA_VERSION } from './migrations.ts';
export { PostgresEventDedupe, type PostgresEventDedupeOptions } from './seen-events.ts';
