// Several replicas on one database: one arXiv poll per cluster (a lease), a dead holder replaced within a minute,
// and every replica learning the papers another stored. Real timers (short lease and sync times), real SQLite files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArxivPoller, ARXIV_FEED } from '../../src/feeds/arxiv-poller.ts';
import { createFeeds } from '../../src/feeds/index.ts';
import { systemClock } from '../../src/feeds/clock.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { memoryLog } from '../digests/harness.ts';
import { ArxivFake } from './arxiv-server.ts';

let dir: string;
let fake: ArxivFake;
const stores: Store[] = [];
const pollers: ArxivPoller[] = [];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-cluster-'));
  fake = await new ArxivFake().start();
});
afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
  for (const s of stores.splice(0)) await s.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A replica: its own connection to the shared database file, and its own poller holding (or waiting for) the lease. */
function replica(holder: string, lease = { ttlMs: 600, checkMs: 100 }) {
  const store = openStore(join(dir, 'shared.db'));
  stores.push(store);
  const got: Paper[][] = [];
  const { log, lines } = memoryLog();
  const poller = new ArxivPoller({
    apiUrl: fake.url,
    categories: ['cs.LG'],
    pageSize: 2,
    requestGapMs: 0,
    intervalMs: 24 * 3_600_000,
    store: store.papers,
    clock: systemClock,
    sleep: async () => {},
    log,
    onPapers: (papers) => got.push(papers),
    lease: { store: store.leases, holder, ...lease },
  });
  pollers.push(poller);
  return { store, poller, got, lines };
}

describe('the arXiv poll in a cluster', () => {
  it('runs on one replica only, though every replica starts it', async () => {
    const a = replica('A');
    const b = replica('B');
    a.poller.start();
    b.poller.start();
    await vi.waitFor(async () => expect(await a.store.papers.lastPolled(ARXIV_FEED)).toBeDefined(), { timeout: 5000 });
    // Several more lease checks go by: the poll is not due again, and the other replica never polled.
    await new Promise((r) => setTimeout(r, 500));
    const polled = [a, b].filter((r) => r.got.length > 0);
    expect(polled).toHaveLength(1);
    expect(fake.requests.filter((u) => u.searchParams.get('start') === '0')).toHaveLength(1);
  });

  it('a holder that dies (stops renewing, never releases) is replaced once its lease expires, within TTL + one check', async () => {
    const a = replica('A');
    a.poller.start();
    await vi.waitFor(async () => expect(await a.store.papers.lastPolled(ARXIV_FEED)).toBeDefined(), { timeout: 5000 });
    // "Dies": its timers stop, and it neither renews nor releases (a clean stop would release at once).
    (a.poller as unknown as { stopped: boolean }).stopped = true;
    clearTimeout((a.poller as unknown as { timer?: NodeJS.Timeout }).timer);
    await a.store.papers.recordPoll(ARXIV_FEED, new Date(0)); // make a poll due again, so the new holder polls
    const b = replica('B');
    const polls = fake.requests.length;
    const started = Date.now();
    b.poller.start();
    await vi.waitFor(() => expect(b.lines().some((l) => l.event === 'arxiv_lease_taken')).toBe(true), { timeout: 5000 });
    // Not before A's lease expired (600 ms after its last renewal), and not much later either.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // B polls arXiv (A had stored its papers already, so B finds nothing new, but it asks).
    await vi.waitFor(() => expect(fake.requests.length).toBeGreaterThan(polls), { timeout: 5000 });
  });

  it('a clean stop hands the lease over at once', async () => {
    const a = replica('A', { ttlMs: 60_000, checkMs: 100 });
    a.poller.start();
    await vi.waitFor(() => expect(a.lines().some((l) => l.event === 'arxiv_lease_taken')).toBe(true), { timeout: 5000 });
    await a.poller.stop();
    const b = replica('B', { ttlMs: 60_000, checkMs: 100 });
    b.poller.start();
    // With a 60 s TTL, only the release lets B take it within the test's time.
    await vi.waitFor(() => expect(b.lines().some((l) => l.event === 'arxiv_lease_taken')).toBe(true), { timeout: 3000 });
  });
});

describe('replica sync', () => {
  it('a replica learns the papers another stored, once each, without polling arXiv', async () => {
    const poller = replica('A'); // holds the lease and polls
    const other = openStore(join(dir, 'shared.db'));
    stores.push(other);
    const learned: Paper[][] = [];
    const { log } = memoryLog();
    const feeds = createFeeds({
      config: { arxiv: { apiUrl: fake.url, categories: [] }, papersPath: [] },
      store: other.papers,
      log,
      watchCorpus: false,
      onPapers: (papers) => learned.push(papers),
      cluster: { leases: other.leases, holder: 'B', syncMs: 100 },
    });
    const before = await feeds.stored();
    expect(before.papers).toEqual([]);
    feeds.start();
    poller.poller.start();
    await vi.waitFor(() => expect(poller.got.flat().length).toBeGreaterThan(0), { timeout: 5000 });
    await vi.waitFor(() => expect(learned.flat().length).toBe(poller.got.flat().length), { timeout: 5000 });
    expect(learned.flat().map((p) => p.id).sort()).toEqual(poller.got.flat().map((p) => p.id).sort());
    await new Promise((r) => setTimeout(r, 300));
    expect(learned.flat().length).toBe(poller.got.flat().length); // not handed over again
    await feeds.stop();
  });
});
