// The store stage: every table the bot keeps, behind one object. All SQL lives in this folder.
import { adoptStatements, TEAM_TABLES } from './adopt-team.ts';
import { openDatabase, whenUnlocked, type Db, type OpenOptions } from './database.ts';
import { SqliteEnrichmentStore } from './enrichments.ts';
import { SqliteFeedbackStore } from './feedback.ts';
import { SqliteInstallationStore } from './installations.ts';
import { SqliteHomeDigests } from './home-digests.ts';
import { SqliteLeaseStore } from './leases.ts';
import { SqliteLookupStore } from './lookups.ts';
import { SqlitePaperStore } from './paper-store.ts';
import { SqliteRunStore } from './runs.ts';
import { SqliteSavedStore } from './saved.ts';
import { SqliteEventDedupe } from './shared-seen-events.ts';
import { SqliteShareStore } from './shares.ts';
import { SqliteSubscriptionStore } from './subscriptions.ts';
import type { Store } from './types.ts';
import type { Log } from '../log.ts';
import { openPostgresStore } from './postgres/index.ts';

/** Opens (creating and migrating) the SQLite store at `path`: one file (WAL) shared by every process on the host. */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  return storeOn(openDatabase(path, opts), path);
}

/** The configured store: PostgreSQL when DATABASE_URL is set, else the SQLite file at DATABASE_PATH. */
export async function connectStore(config: { databasePath: string; databaseUrl?: string }, opts: { log?: Log } = {}): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, { log: opts.log });
  return openStore(config.databasePath);
}

/** A store on an already open database (tests that hold the connection). */
export function storeOn(db: Db, path = db.name): Store {
  const runs = new SqliteRunStore(db);
  const subscriptions = new SqliteSubscriptionStore(db);
  return {
    kind: 'sqlite',
    location: path,
    subscriptions,
    runs,
    ledger: runs.ledger,
    papers: new SqlitePaperStore(db),
    feedback: new SqliteFeedbackStore(db),
    saved: new SqliteSavedStore(db),
    homeDigests: new SqliteHomeDigests(db, subscriptions),
    lookups: new SqliteLookupStore(db),
    shares: new SqliteShareStore(db),
    enrichments: new SqliteEnrichmentStore(db),
    leases: new SqliteLeaseStore(db),
    seenEvents: (opts) => new SqliteEventDedupe(db, opts),
    adoptTeam: (teamId) =>
      whenUnlocked(db, () =>
        db.transaction(() => {
          let moved = 0;
          for (const { table, key } of TEAM_TABLES) {
            const [update, drop] = adoptStatements(table, key, () => '@team');
            moved += db.prepare(update).run({ team: teamId }).changes;
            db.prepare(drop).run();
          }
          return moved;
        }).immediate(),
      ),
    installations: (cipher) => new SqliteInstallationStore(db, cipher),
    close: async () => {
      if (db.open) db.close();
    },
  };
}

export { SchemaTooNewError, type OpenOptions } from './database.ts';
export type { Subscription, SubscriptionSettings, Days } from './subscriptions.ts';
export { COUNT_RANGE } from './subscriptions.ts';
export type { Run, RunStatus } from './runs.ts';
export type { ChannelTaste, Vote, VoteKey } from './feedback.ts';
export type { SavedKey, SavedPaper } from './saved.ts';
export type { SeenEvents } from './seen-events.ts';
export type { CachedLookup } from './lookups.ts';
export type { Share, ShareQuery } from './shares.ts';
export type { EnrichedField, EnrichmentOutcome, FieldValue } from './enrichments.ts';
export { EventDedupe, DEDUPE_TTL_MS } from './seen-events.ts';
export type * from './types.ts';
