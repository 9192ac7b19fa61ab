// The composition root, and the only one: config → store → library, feeds → index → Slack app → digests.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { App } from '@slack/bolt';
import type { Config } from './config.ts';
import { createDigestService, type DigestService, type DigestServiceOptions } from './digests/index.ts';
import { createFeeds, type Feeds, type FeedsOptions } from './feeds/index.ts';
import { ARXIV_FEED } from './feeds/arxiv-poller.ts';
import { realSleep, systemClock, type Clock, type Sleep } from './feeds/clock.ts';
import { withEnrichment } from './library/enriched.ts';
import { LabFeed } from './library/lab-feed.ts';
import { createLinks } from './links/index.ts';
import { Library } from './library/library.ts';
import type { Services } from './listeners/services.ts';
import { scrubSecrets, type Log } from './log.ts';
import { listCorpusFiles } from './papers/corpus-files.ts';
import type { CorpusIssue, Paper } from './papers/paper.ts';
import { progressReporter, type OnCorpusProgress } from './progress.ts';
import { SearchIndex } from './search/search-index.ts';
import { Slices } from './search/slices.ts';
import { openIndex } from './search/snapshot.ts';
import { createSlackApp } from './slack/bolt-app.ts';
import { ConsoleReceiver } from './slack/console-receiver.ts';
import { Health } from './slack/health.ts';
import { InFlight } from './slack/in-flight.ts';
import { LoopbackWebApi } from './slack/loopback-web-api.ts';
import { oauthOptions, workspaceClients } from './slack/oauth.ts';
import { digestWebClient } from './digests/slack-post.ts';
import { httpReceiver, socketReceiver, webClientOptions } from './slack/receivers.ts';
import { Shutdown } from './slack/shutdown.ts';
import { slackStartError } from './slack/start-error.ts';
import { TokenCipher } from './slack/token-crypto.ts';
import { connectStore, EventDedupe, type SeenEvents, type Store } from './store/index.ts';

export interface PaperbotOptions {
  config: Config;
  log: Log;
  /** Console mode: where lines are read from and answers printed. Default stdin/stdout. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Print the console banner. Default true. */
  banner?: boolean;
  /** Receives the exit code when shutdown completes. Default process.exit. */
  exit?: (code: number) => void;
  /** The store. Default openStore(config.databasePath); closed at shutdown either way. */
  store?: Store;
  /**
   * Loads the papers, indexed without a snapshot (tests). Default `openIndex` on config.papersPath, read from the
   * snapshot in config.indexCachePath when the corpus files are unchanged; progress and bad records logged.
   */
  loadPapers?: () => Promise<Paper[]>;
  /** Also told how far opening the corpus has come (after the log's reporter); tests act on it mid-load. */
  onProgress?: OnCorpusProgress;
  /** Default systemClock (digests, feeds, first-seen times). */
  clock?: Clock;
  /** Waits between retries and arXiv requests. Default real timers. */
  sleep?: Sleep;
  /** Digest service overrides (client, retry policy, scheduler). */
  digests?: Partial<Pick<DigestServiceOptions, 'client' | 'retry' | 'scheduler' | 'processId'>>;
  /** Feed overrides (arXiv page size and gaps, the corpus watcher). */
  feeds?: Partial<Pick<FeedsOptions, 'arxiv' | 'watchCorpus' | 'loadCorpus'>> & { syncMs?: number; leaseTtlMs?: number };
  /**
   * HTTP and Socket Mode: how Slack retries are recognised. Default the store's shared table, so a retry that
   * reaches another replica on this database is still dropped. The console has no retries: in memory.
   */
  dedupe?: SeenEvents;
}

export interface Paperbot {
  mode: Config['mode'];
  app: App;
  services: Services;
  store: Store;
  library: Library;
  feeds: Feeds;
  digests: DigestService;
  health: Health;
  inflight: InFlight;
  /** Stops everything (SIGTERM): intake, handlers in flight, digests, feeds, the store. */
  shutdown: Shutdown;
  /** The port GET /healthz (and, in HTTP mode, POST /slack/events) listens on. */
  port?: number;
  /** Console mode: the loopback Web API and the receiver (its `ended` resolves at EOF). */
  loopback?: LoopbackWebApi;
  console?: ConsoleReceiver;
  /** Resolves once the corpus is indexed and digests and feeds run; rejects if the library cannot be loaded. */
  ready: Promise<void>;
}

/** Token the console's loopback Web API accepts; never a real Slack token. */
const CONSOLE_TOKEN = 'xoxb-local-console';

/** The library could not be opened in a way the bot can serve (no papers at all in Slack mode). */
export class LibraryError extends Error {
  readonly code = 'library_empty';
}

export async function startPaperbot(opts: PaperbotOptions): Promise<Paperbot> {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? realSleep;
  const consoleMode = config.mode === 'console';
  if (!consoleMode && !opts.loadPapers) await refuseWithoutPapers(config);

  const store = opts.store ?? (await connectStore(config, { log }));
  const library = new Library(store.papers, clock, log);
  // OAuth installs (HTTP mode): each workspace's bot token, stored encrypted with TOKEN_ENCRYPTION_KEY.
  const oauth = config.mode === 'http' ? config.slack.oauth : undefined;
  const installations = oauth ? store.installations(new TokenCipher(oauth.tokenKey)) : undefined;
  const feeds = createFeeds({
    config,
    store: store.papers,
    log,
    clock,
    sleep,
    ...opts.feeds,
    // Several replicas on one database (PostgreSQL): one polls arXiv, all learn its papers from the database.
    cluster: { leases: store.leases, holder: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, syncMs: opts.feeds?.syncMs, leaseTtlMs: opts.feeds?.leaseTtlMs },
    onPapers: (papers) => {
      const fresh = library.merge(papers);
      if (fresh.length) log.info({ event: 'papers_added', added: fresh.length, total: library.size }, 'new papers merged into the index');
    },
  });
  const health = new Health();
  const inflight = new InFlight();
  let app!: App;
  const digests = createDigestService({
    store,
    library,
    log,
    config,
    clock,
    sleep,
    // In the console, digests post to the loopback Web API like every other answer; with OAuth installs, each
    // workspace's digests post with that workspace's own token.
    ...(consoleMode ? { client: () => app.client } : installations ? { client: workspaceClients(installations, (token) => digestWebClient(token, config.slack.apiUrl)) } : {}),
    ...opts.digests,
  });
  // Paper links: unfurls and the lab's memory of shares; arXiv lookups share the poller's client (one 3 s gap).
  const links = createLinks({ config, store, library, arxiv: feeds.arxiv, clock, log });
  const services: Services = {
    config,
    log,
    library,
    get index() {
      return library.index;
    },
    health,
    digests,
    feedback: store.feedback,
    labFeed: new LabFeed(library, store.feedback),
    links,
    postedIn: (ch) => store.ledger.postedIn(ch),
    saved: store.saved,
    homeDigests: store.homeDigests,
    lastPoll: () => store.papers.lastPolled(ARXIV_FEED),
    workspaces: { installations, subscriptions: store.subscriptions },
    now: () => clock.now(),
  };

  const open = async () => {
    const started = Date.now();
    let source = 'built';
    let timings: Record<string, number | undefined> = {};
    let index: SearchIndex;
    let issues: CorpusIssue[] = [];
    if (opts.loadPapers) index = new SearchIndex(await opts.loadPapers());
    else {
      const report = progressReporter({ log });
      const onProgress: OnCorpusProgress = (p) => (report(p), opts.onProgress?.(p));
      const opened = await openIndex({ paths: config.papersPath, cacheDir: config.indexCachePath, log, onProgress });
      ({ index, issues, source } = opened);
      timings = opened.timings;
      logIssues(issues, log);
    }
    if (index.size === 0) {
      const why = emptyLibraryReason(config.papersPath, issues);
      log.warn({ event: 'library_empty', paths: config.papersPath, issues: issues.length }, why);
      if (!consoleMode) throw new LibraryError(why);
      opts.output?.write(`\n⚠ ${why}\n\n`);
    }
    // What `paperbot corpus enrich` found (docs/links.md): missing arXiv ids, DOIs, years and co-authors filled in.
    const enrichment = withEnrichment(index, await store.enrichments.fields());
    if (enrichment.enriched) {
      index = enrichment.index;
      log.info({ event: 'library_enriched', papers: enrichment.enriched }, 'stored enrichment applied to the library');
    }
    const stored = await feeds.stored();
    if (stored.skipped) log.warn({ event: 'stored_papers_skipped', skipped: stored.skipped }, 'stored arXiv papers that no longer parse were skipped');
    // Recording 75k papers' first-seen rows is ~0.5 s of SQLite: in batches, between requests.
    const slices = new Slices();
    const libraryStarted = Date.now();
    await library.openInSlices(index, stored.papers, () => slices.maybe());
    timings.libraryMs = Date.now() - libraryStarted;
    // Papers people shared links to (not in the library files) are searchable again without fetching them.
    library.merge((await links.memory.stored()).papers);
    health.markReady(library.index.size);
    // Where the time went: hashing the corpus, the snapshot or the build, and the library's first-seen times.
    const spent = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, v === undefined ? v : Math.round(v)]));
    log.info({ event: 'corpus_indexed', papers: library.index.size, source, took_ms: Date.now() - started, timings: spent }, 'corpus indexed; ready');
    // The typo and did-you-mean trees cost ~1.4 s at 75k papers: build them now, in slices between requests, rather
    // than in a user's first typo.
    const warming = Date.now();
    library.index
      .warm()
      .then(() => log.info({ event: 'vocabulary_warmed', terms: library.index.vocabulary.size, took_ms: Date.now() - warming }, 'typo lookups ready'))
      .catch((err) => log.warn({ event: 'vocabulary_warm_failed', error: String(err?.message ?? err) }, 'typo lookups will be built on first use'));
    await digests.start();
    feeds.start();
  };

  const closeHooks = (shutdown: Shutdown) =>
    // Order matters: digests finish their sends, feeds their polls and the library its writes before the store closes.
    shutdown
      .add('digests', () => digests.stop())
      .add('feeds', () => feeds.stop())
      .add('library', () => library.settled()) // first-seen times of the last papers merged
      .add('store', () => store.close());

  try {
    if (consoleMode) {
      const loopback = await new LoopbackWebApi().start();
      const receiver = new ConsoleReceiver({ input: opts.input ?? process.stdin, output: opts.output ?? process.stdout, web: loopback, banner: opts.banner });
      app = createSlackApp({ services, receiver, token: CONSOLE_TOKEN, clientOptions: webClientOptions(loopback.apiUrl), inflight, dedupe: opts.dedupe ?? new EventDedupe() });
      await app.init();
      // No network to hold: index first, so the first typed line already gets answers.
      await open();
      await app.start();
      const shutdown = closeHooks(new Shutdown({ stopReceiving: async () => { await app.stop(); await loopback.close(); }, inflight, log, exit: opts.exit }));
      return { mode: 'console', app, services, store, library, feeds, digests, health, inflight, shutdown, loopback, console: receiver, ready: Promise.resolve() };
    }

    const clientOptions = webClientOptions(config.slack.apiUrl);
    const receiver = config.mode === 'socket' ? socketReceiver(config, log, health) : httpReceiver(config, log, health, oauth && installations && oauthOptions(oauth, installations, log, clientOptions));
    // With OAuth there is no one token: Bolt authorizes each request with its workspace's installation.
    app = createSlackApp({ services, receiver, token: installations ? undefined : (config.slack.botToken ?? ''), clientOptions, inflight, dedupe: opts.dedupe ?? store.seenEvents({ log }) });
    let teamId: string | undefined;
    try {
      await app.init();
      // One workspace token: its workspace is known, and rows stored before team ids were kept become its own.
      if (!installations) teamId = (await app.client.auth.test()).team_id;
    } catch (err) {
      throw slackStartError(err, 'auth.test', config.slack.apiUrl);
    }
    if (teamId) await adoptUntagged(store, teamId, log);
    let server: { address?: () => unknown } | undefined;
    try {
      server = (await app.start(config.port)) as typeof server;
    } catch (err) {
      throw slackStartError(err, config.mode === 'socket' ? 'apps.connections.open' : 'listen', config.slack.apiUrl, config.port);
    }
    const address = typeof server?.address === 'function' ? (server.address() as { port?: number } | null) : null;
    const port = address?.port ?? config.port;
    const paths = installations ? 'POST /slack/events, GET /healthz, GET /slack/install' : 'POST /slack/events, GET /healthz';
    log.info({ event: 'listening', mode: config.mode, port, oauth: Boolean(installations) }, config.mode === 'http' ? `listening on :${port} (${paths})` : `connected to Slack over Socket Mode; /healthz on :${port}`);
    const shutdown = closeHooks(new Shutdown({ stopReceiving: () => app.stop(), inflight, log, exit: opts.exit }));
    // The listener is up first (Slack and /healthz get answers at once: "still indexing" / 503), then the index.
    const ready = open();
    ready.catch(() => {}); // the caller decides what a failed load means; never an unhandled rejection
    return { mode: config.mode, app, services, store, library, feeds, digests, health, inflight, shutdown, port, ready };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Store.adoptTeam at start; the database being down only delays it to the next start (the rows stay untagged). */
async function adoptUntagged(store: Store, teamId: string, log: Log): Promise<void> {
  try {
    const moved = await store.adoptTeam(teamId);
    if (moved) log.info({ event: 'rows_adopted', team: teamId, rows: moved }, 'rows stored without a workspace now belong to this one');
  } catch (err) {
    log.warn({ event: 'rows_adopt_failed', team: teamId, error: String((err as Error)?.message ?? err) }, 'could not tag old rows with this workspace; trying again at the next start');
  }
}

/** Slack mode with no corpus file at all: say so before connecting, instead of a bot that answers "No papers match". */
async function refuseWithoutPapers(config: Config): Promise<void> {
  const listing = await listCorpusFiles(config.papersPath);
  if (listing.files.length === 0) throw new LibraryError(emptyLibraryReason(config.papersPath, listing.issues));
}

/** Why the library is empty, in one sentence a newcomer can act on. */
export function emptyLibraryReason(paths: string[], issues: CorpusIssue[]): string {
  const where = `PAPERS_PATH=${paths.join(',')}`;
  const first = issues[0];
  const detail = first ? `${first.file}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : ''}` : 'no paper files there (.txt, .json, .jsonl, .bib, .xml, optionally .gz)';
  return `The library is empty: no papers could be read from ${where} — ${detail}. Point PAPERS_PATH at your papers, e.g. PAPERS_PATH=data/papers npm start.`;
}

/** Logs each bad record with its file and line (the first 50; then how many more). */
function logIssues(issues: CorpusIssue[], log: Log): void {
  for (const issue of issues.slice(0, 50)) log.warn({ event: 'corpus_issue', file: issue.file, line: issue.line, record: issue.record }, scrubSecrets(issue.message));
  if (issues.length > 50) log.warn({ event: 'corpus_issue', more: issues.length - 50 }, 'more corpus issues not shown');
}
