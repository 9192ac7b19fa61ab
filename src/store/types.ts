// The store's contract: every table the bot keeps, as async interfaces with two implementations, SQLite (the
// classes beside this file) and PostgreSQL (src/store/postgres/). Callers depend on these types only.
import type { Log } from '../log.ts';
import type { Paper } from '../papers/paper.ts';
import type { ChannelTaste, Vote, VoteKey } from './feedback.ts';
import type { CachedLookup } from './lookups.ts';
import type { EnrichmentOutcome, FieldValue } from './enrichments.ts';
import type { InstallationStore, TokenCipher } from './installations.ts';
import type { Run } from './runs.ts';
import type { SavedKey, SavedPaper } from './saved.ts';
import type { SeenEvents } from './seen-events.ts';
import type { Share, ShareQuery } from './shares.ts';
import type { Subscription, SubscriptionSettings } from './subscriptions.ts';

/**
 * Workspace scoping: every row that belongs to a workspace carries its team id. A method given a `teamId` reads and
 * changes that workspace's rows only. '' is the console's team, and that of rows written before team ids were kept:
 * a bot with one workspace token adopts those at start (Store.adoptTeam), so no other workspace ever sees them.
 */
export interface SubscriptionStore {
  add(channel: string, creator: string, s: SubscriptionSettings, at: Date, teamId?: string): Promise<Subscription>;
  /** With `teamId`, only a subscription of that workspace (or one with no team): a digest id typed in another is not found. */
  get(id: number, teamId?: string): Promise<Subscription | undefined>;
  /** `teamId` undefined: every workspace's (the CLI, which names a channel only). */
  inChannel(teamId: string | undefined, channel: string): Promise<Subscription[]>;
  active(): Promise<Subscription[]>;
  /** Deletes it (its runs go with it; the channel's ledger stays, so a re-added topic still skips old papers). */
  remove(id: number, teamId?: string): Promise<boolean>;
  pause(id: number, reason: string, teamId?: string): Promise<boolean>;
  resume(id: number, teamId?: string): Promise<boolean>;
  /** Pauses every active digest of a workspace (app uninstalled, tokens revoked); returns how many. */
  pauseTeam(teamId: string, reason: string): Promise<number>;
}

/** The channel a ledger row belongs to: a channel id is unique only within its workspace. */
export interface ChannelRef {
  teamId: string;
  channel: string;
}

/** Papers each channel has been sent by a digest, so a digest never repeats one. */
export interface Ledger {
  postedIn(ch: ChannelRef): Promise<Set<string>>;
  /**
   * Reserves `paperIds` for a digest, all or none, atomically across processes and hosts: if another digest took any
   * of them since the caller composed, nothing is written and those ids come back in `taken`.
   */
  reserve(ch: ChannelRef, paperIds: string[], subscriptionId: number, at: Date): Promise<{ taken: string[] }>;
  /** Gives back papers whose digest was certainly not posted. */
  release(ch: ChannelRef, paperIds: string[], subscriptionId: number): Promise<void>;
}

/** The run being finished: which subscription, day and channel. */
export interface RunRef extends ChannelRef {
  subscriptionId: number;
  localDate: string;
}

/** One row per subscription and local day: claimed before posting, so a digest is never sent twice. */
export interface RunStore {
  readonly ledger: Ledger;
  /**
   * Claims the run for (subscription, local day), atomically across processes and hosts. True means this caller, and
   * only this caller, may post. A `claimed` or `sent` run is never taken; a retryable failure is, once its retry_at
   * has come. The subscription must still be active.
   */
  claim(subscriptionId: number, localDate: string, by: string, at: Date): Promise<boolean>;
  get(subscriptionId: number, localDate: string): Promise<Run | undefined>;
  /** After a successful post: the ledger rows and the `sent` mark, in one transaction. */
  markSent(run: RunRef, paperIds: string[], messageTs: string | undefined, at: Date): Promise<void>;
  markFailed(subscriptionId: number, localDate: string, error: string, retryable: boolean, at: Date, retryAt?: Date): Promise<void>;
  /** A run `by` this process still `claimed` when it stops: failed, not retryable. False if it had finished. */
  markInterrupted(subscriptionId: number, localDate: string, by: string, at: Date): Promise<boolean>;
  /** Runs still `claimed` before `before` (their process died mid-send): marked failed, not retryable, returned. */
  abandonStale(before: Date, at: Date): Promise<Run[]>;
}

/** A page of fetched papers in the order they were stored, for replicas that learn new papers from the database. */
export interface FetchedPage {
  papers: Paper[];
  /** Rows that no longer parse. */
  skipped: number;
  /** Pass back as `after` to read only what was stored since. */
  cursor: number;
}

/** Papers fetched from feeds and shared links, first-seen times, feed poll state. */
export interface PaperStore {
  /** Stores papers fetched from `source`; returns those that were not stored before. */
  saveFetched(papers: Paper[], source: string, at: Date): Promise<Paper[]>;
  /** Every fetched paper, oldest fetch first. */
  loadFetched(source?: string): Promise<{ papers: Paper[]; skipped: number }>;
  /** Fetched papers stored after `after` (0: all), in storage order, with the cursor to pass next time. */
  fetchedAfter(after: number): Promise<FetchedPage>;
  /** Records `at` as the first-seen time of each id not seen before; returns how many were new. */
  markSeen(ids: string[], at: Date): Promise<number>;
  /**
   * First-seen times (ISO) of the first `page.limit` recorded ids after `page.after`, in id order: a million rows
   * are read in pages, between requests, instead of in one go (`after: ''` starts at the first id).
   */
  firstSeen(page: { after: string; limit: number }): Promise<Map<string, string>>;
  lastPolled(feed: string): Promise<Date | undefined>;
  recordPoll(feed: string, at: Date, error?: string): Promise<void>;
}

/** A channel's 👍/👎 per person, and which bot message shows which paper. */
export interface FeedbackStore {
  vote(key: VoteKey, value: Vote, source: 'button' | 'reaction' | 'share', at: Date): Promise<void>;
  unvoteReaction(key: VoteKey, value: Vote): Promise<boolean>;
  unvoteShare(key: VoteKey): Promise<boolean>;
  tally(teamId: string, channel: string, paperId: string): Promise<{ up: number; down: number }>;
  taste(teamId: string, channel: string): Promise<ChannelTaste>;
  rememberMessage(teamId: string, channel: string, ts: string, paperId: string, at: Date): Promise<void>;
  paperOfMessage(teamId: string, channel: string, ts: string): Promise<string | undefined>;
}

/** Paper-link metadata answers (arXiv, Crossref, OpenReview), cached. Not a workspace's: papers are public. */
export interface LookupStore {
  get(key: string): Promise<CachedLookup | undefined>;
  put(key: string, paper: Paper | undefined, at: Date): Promise<void>;
}

export interface ShareStore {
  record(s: Share): Promise<boolean>;
  list(q: ShareQuery): Promise<Share[]>;
  latest(teamId: string, paperId: string): Promise<Share | undefined>;
  forget(teamId: string, userId: string, paperId: string): Promise<Share[]>;
}

/** What `paperbot corpus enrich` filled in for library papers. The library is the host's, not a workspace's. */
export interface EnrichmentStore {
  save(outcome: EnrichmentOutcome, fields: FieldValue[]): Promise<void>;
  outcomes(): Promise<Map<string, EnrichmentOutcome>>;
  fields(): Promise<Map<string, FieldValue[]>>;
}

export interface SavedStore {
  save(key: SavedKey, channel: string, at: Date): Promise<boolean>;
  remove(key: SavedKey): Promise<boolean>;
  has(key: SavedKey): Promise<boolean>;
  list(teamId: string, userId: string, page?: { offset?: number; limit?: number }): Promise<SavedPaper[]>;
  count(teamId: string, userId: string): Promise<number>;
  ids(teamId: string, userId: string): Promise<Set<string>>;
}

export interface HomeDigests {
  visibleTo(teamId: string, userId: string): Promise<Subscription[]>;
  pause(id: number, byUser: string, teamId?: string): Promise<boolean>;
}

/**
 * Named leases with an expiry, so one replica of several does a job (the arXiv poll): the holder renews before
 * `ttlMs` runs out; when it dies, another takes over once the lease has expired.
 */
export interface LeaseStore {
  /** Takes or renews `name` for `holder` until at + ttlMs. False while another holder's lease is unexpired. */
  acquire(name: string, holder: string, ttlMs: number, at: Date): Promise<boolean>;
  /** Gives it up (on shutdown), so another replica need not wait for the expiry. */
  release(name: string, holder: string): Promise<void>;
}

/** What both shared dedupes (SQLite and PostgreSQL) take; each adds how long a claim may wait for its database. */
export interface SeenEventsOptions {
  /** Where failures are reported: once when the database starts failing, once when it works again. */
  log: Log;
  /** How long an event_id counts as seen. Default DEDUPE_TTL_MS (10 minutes; Slack's last retry comes after ~5). */
  ttlMs?: number;
  /** Delete expired rows after every this many new ids claimed by this process. Default 100. */
  pruneEvery?: number;
  /**
   * Most rows one prune deletes, so a prune stays short. Default 1000. Keep it at least pruneEvery: each process then
   * deletes at least as fast as it inserts, and the table stays near the ids of one TTL.
   */
  pruneLimit?: number;
  /** Clock in epoch milliseconds, for tests. Default Date.now. */
  now?: () => number;
}

/** The bot's state, in SQLite (one host) or PostgreSQL (several hosts). */
export interface Store {
  /** `sqlite` or `postgres`. */
  readonly kind: 'sqlite' | 'postgres';
  /** Where it lives, safe to log: the SQLite path, or the PostgreSQL URL without its password. */
  readonly location: string;
  readonly subscriptions: SubscriptionStore;
  readonly runs: RunStore;
  readonly ledger: Ledger;
  readonly papers: PaperStore;
  readonly feedback: FeedbackStore;
  readonly lookups: LookupStore;
  readonly shares: ShareStore;
  readonly enrichments: EnrichmentStore;
  readonly saved: SavedStore;
  readonly homeDigests: HomeDigests;
  readonly leases: LeaseStore;
  /** Slack event ids answered in the last 10 minutes, shared by every replica on this database. */
  seenEvents(opts: SeenEventsOptions): SeenEvents;
  /** Workspaces installed through OAuth (src/store/installations.ts), their tokens sealed with `cipher` (TOKEN_ENCRYPTION_KEY). */
  installations(cipher: TokenCipher): InstallationStore;
  /**
   * Gives rows written without a team ('' : before team ids were kept) to `teamId`, the one workspace of a bot that
   * runs with SLACK_BOT_TOKEN; rows the workspace already has win over an untagged copy. Returns how many moved.
   */
  adoptTeam(teamId: string): Promise<number>;
  /** Closes the connection(s). Safe to call twice. */
  close(): Promise<void>;
}
