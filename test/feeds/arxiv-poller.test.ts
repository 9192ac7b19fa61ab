import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArxivPoller, arxivSearchQuery, type ArxivPollerOptions } from '../../src/feeds/arxiv-poller.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { SqlitePaperStore } from '../../src/store/paper-store.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { createFeeds } from '../../src/feeds/index.ts';
import { Library } from '../../src/library/library.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { memoryLog, TestClock } from '../digests/harness.ts';
import { ArxivFake } from './arxiv-server.ts';

let dir: string;
let db: Db;
let fake: ArxivFake;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-feeds-'));
  db = openDatabase(join(dir, 'paperbot.db'));
  fake = await new ArxivFake().start();
});
afterEach(async () => {
  db.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function poller(more: Partial<ArxivPollerOptions> = {}) {
  const received: Paper[][] = [];
  const sleeps: number[] = [];
  const { log, lines } = memoryLog();
  const p = new ArxivPoller({
    apiUrl: fake.url,
    categories: ['cs.LG'],
    pageSize: 2,
    store: new SqlitePaperStore(db),
    clock: new TestClock(Date.parse('2026-03-09T06:00:00Z')),
    sleep: async (ms) => void sleeps.push(ms),
    log,
    onPapers: (papers) => received.push(papers),
    ...more,
  });
  return { p, received, sleeps, lines };
}

describe('arxivSearchQuery', () => {
  it('combines a query and categories', () => {
    expect(arxivSearchQuery(undefined, ['cs.LG', 'cs.CV'])).toBe('cat:cs.LG OR cat:cs.CV');
    expect(arxivSearchQuery('abs:robust', [])).toBe('abs:robust');
    expect(arxivSearchQuery('abs:robust', ['cs.LG'])).toBe('(abs:robust) AND (cat:cs.LG)');
    expect(arxivSearchQuery(' ', [])).toBeUndefined();
  });
});

describe('ArxivPoller', () => {
  it('stop() cuts a poll short, in the courtesy gap or mid-request, instead of waiting it out', async () => {
    // A request that only ever ends when aborted, and a courtesy gap that never ends: stop() must not wait for either.
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true }));
    const midRequest = poller({ fetch: hanging });
    const polling = midRequest.p.poll();
    await new Promise((r) => setTimeout(r, 20));
    await midRequest.p.stop();
    expect(await polling).toEqual({ requests: 0, fetched: 0, fresh: 0 });
    expect(midRequest.lines().some((l) => l.msg === 'arXiv poll stopped by shutdown')).toBe(true);
    expect(await new SqlitePaperStore(db).lastPolled('arxiv')).toBeUndefined();

    // Page 1 is fetched; page 2 waits in the courtesy gap, which here never ends by itself.
    const inGap = poller({ sleep: () => new Promise(() => {}) });
    const paging = inGap.p.poll();
    while (fake.requests.length < 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    await inGap.p.stop();
    const res = await paging;
    expect(res.requests).toBe(1);
    expect(res.error).toBeUndefined();
  });

  it('asks for the newest submissions, pages with a 3 s gap, and stores new papers', async () => {
    const { p, received, sleeps } = poller();
    const res = await p.poll();
    expect(res).toEqual({ requests: 2, fetched: 3, fresh: 3 });
    const first = fake.requests[0].searchParams;
    expect(first.get('search_query')).toBe('cat:cs.LG');
    expect(first.get('sortBy')).toBe('submittedDate');
    expect(first.get('sortOrder')).toBe('descending');
    expect(first.get('max_results')).toBe('2');
    expect(fake.requests[1].searchParams.get('start')).toBe('2');
    expect(sleeps).toEqual([3000]);
    expect(received.flat().map((x) => x.id)).toEqual(['2603.00003', '2603.00002', '2603.00001']);
    const stored = (await new SqlitePaperStore(db).loadFetched('arxiv')).papers;
    expect(stored.find((x) => x.id === '2603.00003')?.title).toBe('Robustness Certificates for Graph Neural Networks');
    expect((await new SqlitePaperStore(db).lastPolled('arxiv'))?.toISOString()).toBe('2026-03-09T06:00:00.000Z');
  });

  it('stops paging at a page with nothing new', async () => {
    await poller().p.poll();
    fake.requests.length = 0;
    const { p, received } = poller();
    expect(await p.poll()).toEqual({ requests: 1, fetched: 2, fresh: 0 });
    expect(received).toEqual([]);
  });

  it('logs an API error feed with context and never throws', async () => {
    fake.failing = true;
    const { p, lines } = poller();
    const res = await p.poll();
    expect(res.error).toMatch(/HTTP 400: arXiv API error: max_results must be at most 30000/);
    const line = lines().find((l) => l.msg.startsWith('arXiv poll failed'));
    expect(line).toMatchObject({ feed: 'arxiv', query: 'cat:cs.LG', apiUrl: fake.url, level: 50 });
    expect(await new SqlitePaperStore(db).lastPolled('arxiv')).toBeUndefined();
  });

  it('survives an unreachable server', async () => {
    await fake.close();
    const { p } = poller();
    const res = await p.poll();
    expect(res.requests).toBe(0);
    expect(res.error).toBeTruthy();
  });

  it('does nothing when no query or category is configured', async () => {
    const { p } = poller({ categories: [] });
    expect(p.enabled).toBe(false);
    expect(await p.poll()).toEqual({ requests: 0, fetched: 0, fresh: 0 });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('arXiv papers through the feeds stage into the library', () => {
  it('are merged into the index, and come back from SQLite after a restart without fetching', async () => {
    const { log } = memoryLog();
    const clock = new TestClock(Date.parse('2026-03-09T06:00:00Z'));
    const make = () => {
      const library = new Library(new SqlitePaperStore(db), clock);
      const feeds = createFeeds({
        config: { arxiv: { categories: ['cs.LG'], apiUrl: fake.url }, papersPath: [] },
        store: new SqlitePaperStore(db),
        onPapers: (papers) => library.merge(papers),
        log,
        clock,
        sleep: async () => {},
        arxiv: { pageSize: 2 },
        watchCorpus: false,
      });
      return { library, feeds };
    };
    const first = make();
    await first.library.open(new SearchIndex([]), (await first.feeds.stored()).papers);
    await first.feeds.pollArxiv();
    expect(first.library.index.size).toBe(3);
    expect(first.library.index.search('graph robustness certificates').hits[0].paper.id).toBe('2603.00003');
    expect(first.library.inCorpus('2603.00003')).toBe(false);
    await first.feeds.stop();

    fake.requests.length = 0;
    const second = make();
    await second.library.open(new SearchIndex([]), (await second.feeds.stored()).papers);
    second.feeds.start(); // the last poll was just now: the next one is a day away
    expect(second.library.index.size).toBe(3);
    await second.feeds.stop();
    expect(fake.requests).toHaveLength(0);
  });
});
