// A digest service on a temp SQLite file, a loopback Slack Web API and a clock the test sets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLog, type Log } from '../../src/log.ts';
import { storeOn, type Store } from '../../src/store/index.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { Library } from '../../src/library/library.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { createDigestService, type DigestService, type DigestServiceOptions } from '../../src/digests/index.ts';
import { digestWebClient } from '../../src/digests/slack-post.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { PAPERS } from './papers.ts';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

/** A log whose JSON lines the test can read back. */
export function memoryLog(): { log: Log; lines: () => Array<Record<string, any>> } {
  const out: string[] = [];
  const dest = new Writable({
    write(chunk, _enc, cb) {
      out.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { log: createLog('debug', dest), lines: () => out.map((l) => JSON.parse(l)) };
}

export interface Harness {
  dir: string;
  dbPath: string;
  db: Db;
  slack: FakeSlack;
  clock: TestClock;
  index: SearchIndex;
  store: Store;
  library: Library;
  service: DigestService;
  sleeps: number[];
  logLines: () => Array<Record<string, any>>;
  /** A second service on the same db file and Slack (a restart, or another process). */
  restart(opts?: Partial<DigestServiceOptions>): Promise<DigestService>;
  close(): Promise<void>;
}

export async function makeHarness(opts: { at: string; papers?: Paper[]; users?: Record<string, { name: string; tz?: string }>; service?: Partial<DigestServiceOptions> }): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-digests-'));
  const dbPath = join(dir, 'nested', 'paperbot.db');
  const db = openDatabase(dbPath);
  const slack = await new FakeSlack({ users: opts.users }).start();
  const clock = new TestClock(Date.parse(opts.at));
  const sleeps: number[] = [];
  const { log, lines } = memoryLog();
  const papers = opts.papers ?? PAPERS;
  const index = new SearchIndex(papers);
  const dbs: Db[] = [db];
  const services: DigestService[] = [];
  const libraryOn = async (store: Store) => {
    const library = new Library(store.papers, clock);
    await library.open(index);
    return library;
  };
  const build = (store: Store, library: Library, more: Partial<DigestServiceOptions> = {}) => {
    const s = createDigestService({
      store,
      library,
      log,
      clock,
      // Waits return at once, and the test clock moves on by the wait, as real time would.
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.t += ms;
      },
      client: digestWebClient('xoxb-test', slack.apiUrl),
      config: { digest: { timezone: 'UTC' }, slack: {} },
      ...opts.service,
      ...more,
    });
    services.push(s);
    return s;
  };
  const store = storeOn(db, dbPath);
  const library = await libraryOn(store);
  const service = build(store, library);
  return {
    dir,
    dbPath,
    db,
    slack,
    clock,
    index,
    store,
    library,
    service,
    sleeps,
    logLines: lines,
    async restart(more) {
      const d = openDatabase(dbPath);
      dbs.push(d);
      const store = storeOn(d, dbPath);
      return build(store, await libraryOn(store), more);
    },
    async close() {
      await Promise.all(services.map((s) => s.stop()));
      await slack.close();
      for (const d of dbs) d.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The chat.postMessage calls that went to channels (not DMs). */
export function channelPosts(slack: FakeSlack) {
  return slack.callsTo('chat.postMessage').filter((c) => c.status === 200 && !c.error && String(c.args.channel).startsWith('C'));
}
