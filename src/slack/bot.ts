// Starts paperbot in the configured mode: listener first, then the corpus is loaded and indexed, then ready.
import type { App } from '@slack/bolt';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import type { DigestCommands, Services } from '../listeners/services.ts';
import type { Log } from '../log.ts';
import type { CorpusIssue, Paper } from '../papers/paper.ts';
import { SearchIndex } from '../search/search-index.ts';
import { openIndex } from '../search/snapshot.ts';
import { ConsoleReceiver } from './console-receiver.ts';
import { EventDedupe, type SeenEvents } from './event-dedupe.ts';
import { Health } from './health.ts';
import { InFlight } from './in-flight.ts';
import { LoopbackWebApi } from './loopback-web-api.ts';
import { httpReceiver, socketReceiver, webClientOptions } from './receivers.ts';
import { Shutdown } from './shutdown.ts';

export interface BotOptions {
  config: Config;
  log: Log;
  /** Console mode: where lines are read from and answers printed. Default stdin/stdout. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Print the console banner. Default true. */
  banner?: boolean;
  /**
   * The digest service, when enabled. A function gets the services first, so the digest service can read
   * `services.index` at call time (it is replaced once the corpus is indexed).
   */
  digests?: DigestCommands | ((services: Services) => DigestCommands);
  /**
   * Loads the papers, indexed without a snapshot (tests). Default: `openIndex` on config.papersPath, read from the
   * snapshot in config.indexCachePath when the corpus files are unchanged; issues logged.
   */
  loadPapers?: () => Promise<Paper[]>;
  /** Receives the exit code when shutdown completes. Default process.exit. */
  exit?: (code: number) => void;
  /**
   * HTTP and Socket Mode: how Slack retries are recognised. Default an in-memory EventDedupe, which only knows
   * this process; replicas sharing DATABASE_PATH pass a SqliteEventDedupe on that database (`paperbot start` does).
   * Console mode has no retries and ignores it.
   */
  dedupe?: SeenEvents;
}

export interface Bot {
  mode: Config['mode'];
  app: App;
  services: Services;
  health: Health;
  inflight: InFlight;
  /** Stops everything; add close hooks (database, digests) with `shutdown.add`. */
  shutdown: Shutdown;
  /** The port GET /healthz (and, in HTTP mode, POST /slack/events) listens on. */
  port?: number;
  /** Console mode: the loopback Web API and the receiver (its `ended` resolves at EOF). */
  loopback?: LoopbackWebApi;
  console?: ConsoleReceiver;
  /** Resolves once the corpus is indexed (health turns 200); rejects if it cannot be loaded. */
  ready: Promise<void>;
}

/** Token the console's loopback Web API accepts; never a real Slack token. */
const CONSOLE_TOKEN = 'xoxb-local-console';

export async function startBot(opts: BotOptions): Promise<Bot> {
  const { config, log } = opts;
  const health = new Health();
  const inflight = new InFlight();
  const services: Services = { config, log, index: new SearchIndex([]), health };
  services.digests = typeof opts.digests === 'function' ? opts.digests(services) : opts.digests;
  const load = opts.loadPapers;
  const index = async () => {
    const started = Date.now();
    let source = 'built';
    if (load) services.index = new SearchIndex(await load());
    else {
      const opened = await openIndex({ paths: config.papersPath, cacheDir: config.indexCachePath, log });
      logIssues(opened.issues, log);
      services.index = opened.index;
      source = opened.source;
    }
    health.markReady(services.index.size);
    log.info({ event: 'corpus_indexed', papers: services.index.size, source, took_ms: Date.now() - started }, 'corpus indexed; ready');
    // The typo and did-you-mean trees cost ~1.4 s at 75k papers: build them now, in slices between requests, rather
    // than in a user's first typo.
    const warming = Date.now();
    services.index
      .warm()
      .then(() => log.info({ event: 'vocabulary_warmed', terms: services.index.vocabulary.size, took_ms: Date.now() - warming }, 'typo lookups ready'))
      .catch((err) => log.warn({ event: 'vocabulary_warm_failed', error: String(err?.message ?? err) }, 'typo lookups will be built on first use'));
  };

  if (config.mode === 'console') {
    const loopback = await new LoopbackWebApi().start();
    const receiver = new ConsoleReceiver({ input: opts.input ?? process.stdin, output: opts.output ?? process.stdout, web: loopback, banner: opts.banner });
    const app = createApp({ services, receiver, token: CONSOLE_TOKEN, clientOptions: webClientOptions(loopback.apiUrl), inflight });
    await app.init();
    // No network to hold: index first, so the first typed line already gets answers.
    await index();
    await app.start();
    const shutdown = new Shutdown({ stopReceiving: async () => { await app.stop(); await loopback.close(); }, inflight, log, exit: opts.exit });
    return { mode: 'console', app, services, health, inflight, shutdown, loopback, console: receiver, ready: Promise.resolve() };
  }

  const receiver = config.mode === 'socket' ? socketReceiver(config, log, health) : httpReceiver(config, log, health);
  const app = createApp({ services, receiver, token: config.slack.botToken ?? '', clientOptions: webClientOptions(config.slack.apiUrl), inflight, dedupe: opts.dedupe ?? new EventDedupe() });
  await app.init();
  const server = (await app.start(config.port)) as { address?: () => unknown } | undefined;
  const address = typeof server?.address === 'function' ? (server.address() as { port?: number } | null) : null;
  const port = address?.port ?? config.port;
  log.info({ event: 'listening', mode: config.mode, port }, config.mode === 'http' ? `listening on :${port} (POST /slack/events, GET /healthz)` : `connected to Slack over Socket Mode; /healthz on :${port}`);
  const shutdown = new Shutdown({ stopReceiving: () => app.stop(), inflight, log, exit: opts.exit });
  // The listener is up first (Slack and /healthz get answers at once: "still indexing" / 503), then the index.
  const ready = index();
  ready.catch(() => {}); // the caller decides what a failed load means; never an unhandled rejection
  return { mode: config.mode, app, services, health, inflight, shutdown, port, ready };
}

/** Logs each bad record with its file and line (the first 50; then how many more). */
function logIssues(issues: CorpusIssue[], log: Log): void {
  for (const issue of issues.slice(0, 50)) log.warn({ event: 'corpus_issue', file: issue.file, line: issue.line, record: issue.record }, issue.message);
  if (issues.length > 50) log.warn({ event: 'corpus_issue', more: issues.length - 50 }, 'more corpus issues not shown');
}
