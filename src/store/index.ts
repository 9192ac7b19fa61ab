// The store stage: every table the bot keeps, behind one object. All SQL lives in this folder.
import type { Log } from '../log.ts';
import { openDatabase, type Db, type OpenOptions } from './database.ts';
import { EnrichmentStore } from './enrichments.ts';
import { FeedbackStore } from './feedback.ts';
import { Ledger } from './ledger.ts';
import { LookupStore } from './lookups.ts';
import { PaperStore } from './paper-store.ts';
import { RunStore } from './runs.ts';
import { SavedStore } from './saved.ts';
import { HomeDigests } from './home-digests.ts';
import { ShareStore } from './shares.ts';
import { SqliteEventDedupe, type SqliteEventDedupeOptions } from './shared-seen-events.ts';
import { SubscriptionStore } from './subscriptions.ts';

/** The bot's state: one SQLite file (WAL) shared by every process on the host. */
export interface Store {
  /** Where it lives (DATABASE_PATH). */
  readonly path: string;
  readonly subscriptions: SubscriptionStore;
  /** One row per digest and local day: claimed before posting. */
  readonly runs: RunStore;
  /** Papers each channel has been sent. */
  readonly ledger: Ledger;
  /** Papers fetched from feeds, first-seen times, feed poll state. */
  readonly papers: PaperStore;
  /** 👍/👎 per channel and person, and which bot message shows which paper (the lab feed). */
  readonly feedback: FeedbackStore;
  /** Paper-link metadata answers (arXiv, Crossref, OpenReview), cached so one paper is fetched once. */
  readonly lookups: LookupStore;
  /** Paper links shared in channels: paper, who, where, when. */
  readonly shares: ShareStore;
  /** Fields `paperbot corpus enrich` filled in for library papers, and each paper's outcome. */
  readonly enrichments: EnrichmentStore;
  /** Each person's reading list (Save on a card). */
  readonly saved: SavedStore;
  /** The digests a person's App Home lists, with Pause. */
  readonly homeDigests: HomeDigests;
  /** Slack event ids answered in the last 10 minutes, shared by every replica on this file. */
  seenEvents(opts: Omit<SqliteEventDedupeOptions, 'log'> & { log: Log }): SqliteEventDedupe;
  /** Checkpoints the WAL and closes the file. Safe to call twice. */
  close(): void;
}

/** Opens (creating and migrating) the store at `path`. */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  return storeOn(openDatabase(path, opts), path);
}

/** A store on an already open database (tests that hold the connection). */
export function storeOn(db: Db, path = db.name): Store {
  const runs = new RunStore(db);
  const subscriptions = new SubscriptionStore(db);
  return {
    path,
    subscriptions,
    runs,
    ledger: runs.ledger,
    papers: new PaperStore(db),
    feedback: new FeedbackStore(db),
    saved: new SavedStore(db),
    homeDigests: new HomeDigests(db, subscriptions),
    lookups: new LookupStore(db),
    shares: new ShareStore(db),
    enrichments: new EnrichmentStore(db),
    seenEvents: (opts) => new SqliteEventDedupe(db, opts),
    close: () => {
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
