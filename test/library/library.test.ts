// The Library at any size: papers stay in the snapshot's file, the profile learns from the newest library papers, and
// a paper of the day is found from the ids and dates in memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { composeDigest } from '../../src/digests/compose.ts';
import { LAB_CANDIDATES, LabFeed } from '../../src/library/lab-feed.ts';
import { Library, TASTE_LIBRARY_MAX } from '../../src/library/library.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { Recommender } from '../../src/recommend/index.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { readSnapshot, writeSnapshot } from '../../src/search/snapshot-file.ts';
import { openStore, type Store, type Subscription } from '../../src/store/index.ts';
import { FEED, LIBRARY } from '../e2e/fixtures/lab-feed-papers.ts';
import { TestClock } from '../digests/harness.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-library-'));
  store = openStore(join(dir, 'bot.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  id: 1, channel: 'C1', creator: 'U1', topic: '', time: '09:00', timezone: 'UTC', days: 'daily', count: 3, notifyEmpty: true, status: 'active', createdAt: '', rankBy: 'topic', teamId: 'T1', ...over,
});

/** The corpus written as a snapshot and read back: its papers stay in the file, as in the bot. */
async function fromSnapshot(papers: Paper[]): Promise<SearchIndex> {
  await writeSnapshot(join(dir, 'corpus.pbix'), 'k', new SearchIndex(papers), []);
  return (await readSnapshot(join(dir, 'corpus.pbix'), 'k')).index;
}

const filler = (i: number, date: string): Paper => ({
  id: `gen-${i}`,
  title: `Graph networks for molecule property prediction, study ${i}`,
  abstract: `We train message passing graph networks on molecules and predict their properties; variant ${i % 50}.`,
  authors: [],
  date,
  year: Number(date.slice(0, 4)),
  links: [],
  source: { file: 'corpus' },
});

describe('Library', () => {
  it('never reads every paper of a snapshot into memory: not at open, nor for a paper of the day or a lab ranking', async () => {
    const index = await fromSnapshot(LIBRARY);
    const clock = new TestClock(Date.parse('2026-11-24T09:00:00Z'));
    const library = new Library(store.papers, clock);
    await library.open(index);
    clock.set('2026-11-25T09:00:00Z');
    library.merge(FEED);
    const digest = await composeDigest(sub(), clock.now(), { library, ledger: store.ledger });
    expect(digest.hits.map((h) => h.paper.id)).toHaveLength(3);
    const ranking = await new LabFeed(library, store.feedback).rank({ teamId: 'T1', channel: 'C1', limit: 3 });
    expect(ranking.taste).toMatchObject({ library: LIBRARY.length, cold: false });
    expect(ranking.picks[0].paper.id).toMatch(/^r/);
    expect(library.inCorpus('lab-1')).toBe(true);
    expect(library.inCorpus('r1')).toBe(false);
    expect(library.get('lab-3')?.title).toBe(LIBRARY[2].title);
    // `index.all()` (or a copy of every paper) would have read the records into memory.
    expect(index.papersInMemory).toBe(false);
  });

  it('a paper of the day is the newest first seen, then the newest date, then the id; skipped ones are left out', async () => {
    const clock = new TestClock(Date.parse('2026-11-24T09:00:00Z'));
    const library = new Library(store.papers, clock);
    await library.open(await fromSnapshot([filler(1, '2024-01-01'), filler(2, '2026-05-01'), filler(3, '2025-01-01')]));
    clock.set('2026-11-25T09:00:00Z');
    library.merge([filler(4, '2020-01-01'), filler(5, '2021-01-01')]);
    const ids = (skip: (id: string) => boolean) => library.newest(3, skip).map((p) => p.id);
    expect(ids(() => false)).toEqual(['gen-5', 'gen-4', 'gen-2']);
    expect(ids((id) => id === 'gen-5' || id === 'gen-2')).toEqual(['gen-4', 'gen-3', 'gen-1']);
  });

  it(`without a topic, ranks only the newest ${LAB_CANDIDATES} feed papers not posted yet`, async () => {
    const clock = new TestClock(Date.parse('2026-11-24T09:00:00Z'));
    const library = new Library(store.papers, clock);
    await library.open(await fromSnapshot(LIBRARY));
    // The best match for the lab arrived first; then a flood of papers on another subject.
    library.merge([FEED[0]]);
    const flood = Array.from({ length: LAB_CANDIDATES }, (_, i) => filler(i, '2026-11-20'));
    library.merge(flood.slice(0, LAB_CANDIDATES - 1));
    const labFeed = new LabFeed(library, store.feedback);
    const top = async () => (await labFeed.rank({ teamId: 'T1', channel: 'C1', limit: 1 })).picks[0]?.paper.id;
    expect(await top()).toBe(FEED[0].id);
    library.merge(flood.slice(LAB_CANDIDATES - 1));
    expect(await top()).not.toBe(FEED[0].id);
    // A paper posted here makes room: the window holds the newest not yet posted.
    expect((await labFeed.rank({ teamId: 'T1', channel: 'C1', limit: 1, exclude: new Set([flood.at(-1)!.id]) })).picks[0]?.paper.id).toBe(FEED[0].id);
  });

  it(`after each merge, warms the recommender for the newest ${LAB_CANDIDATES} feed papers in the background`, async () => {
    const clock = new TestClock(Date.parse('2026-11-24T09:00:00Z'));
    const library = new Library(store.papers, clock);
    await library.open(await fromSnapshot(LIBRARY));
    const warm = vi.spyOn(Recommender.prototype, 'warm');
    // The background build, then its warm-up (no feed papers yet).
    library.recommender();
    await vi.waitFor(() => expect(warm).toHaveBeenCalled());
    const flood = Array.from({ length: LAB_CANDIDATES + 5 }, (_, i) => filler(i, '2026-11-20'));
    library.merge(flood);
    library.merge(FEED);
    expect(await library.warming).toBe(true);
    const ids = [...(warm.mock.lastCall![0] as Iterable<string>)];
    expect(ids).toHaveLength(LAB_CANDIDATES);
    expect(ids.slice(-FEED.length)).toEqual(FEED.map((p) => p.id));
    expect(ids).not.toContain(flood[0].id);
    warm.mockRestore();
  });

  it('reads every first-seen time the store holds, a page at a time', async () => {
    const ids = Array.from({ length: 25_000 }, (_, i) => `seen-${String(i).padStart(5, '0')}`);
    await store.papers.markSeen(ids.slice(0, 20_000), new Date('2026-01-01T00:00:00Z'));
    await store.papers.markSeen(ids.slice(20_000), new Date('2026-02-01T00:00:00Z'));
    const library = new Library(store.papers, new TestClock(Date.parse('2026-11-24T09:00:00Z')));
    let pauses = 0;
    await library.openInSlices(new SearchIndex([]), [], async () => void pauses++);
    expect(library.firstSeen().size).toBe(25_000);
    expect(library.firstSeen().get('seen-24999')).toBe('2026-02-01T00:00:00.000Z');
    expect(library.lastSeen()).toEqual({ id: 'seen-20000', at: '2026-02-01T00:00:00.000Z' });
    expect(pauses).toBeGreaterThanOrEqual(2);
  });

  it(`learns from the newest ${TASTE_LIBRARY_MAX} library papers, and still from a 👍 on an older one`, async () => {
    const older: Paper = { ...LIBRARY[4], id: 'old-backdoor', date: '2015-01-01', year: 2015 };
    const corpus = [older, ...Array.from({ length: TASTE_LIBRARY_MAX }, (_, i) => filler(i, `2025-${String(1 + (i % 12)).padStart(2, '0')}-10`))];
    const clock = new TestClock(Date.parse('2026-11-24T09:00:00Z'));
    const library = new Library(store.papers, clock);
    await library.open(await fromSnapshot(corpus));
    library.merge(FEED);
    const taste = library.tasteLibrary();
    expect(taste).toHaveLength(TASTE_LIBRARY_MAX);
    expect(taste).not.toContain('old-backdoor');
    expect(taste[0]).toMatch(/^gen-/);
    const labFeed = new LabFeed(library, store.feedback);
    const before = await labFeed.rank({ teamId: 'T1', channel: 'C1', limit: 3 });
    expect(before.taste).toMatchObject({ library: TASTE_LIBRARY_MAX, liked: 0 });
    expect(before.picks.map((p) => p.paper.id).filter((id) => id.startsWith('b'))).toHaveLength(0);
    // A 👍 on the old backdoor paper, which the recommender did not hold: the backdoor papers now lead.
    await store.feedback.vote({ teamId: 'T1', channel: 'C1', userId: 'U1', paperId: 'old-backdoor' }, 1, 'button', clock.now());
    const after = await labFeed.rank({ teamId: 'T1', channel: 'C1', limit: 3 });
    expect(after.taste).toMatchObject({ liked: 1 });
    expect(after.picks[0].paper.id).toMatch(/^b/);
    expect(after.picks[0].why.likeTitle).toBe(older.title);
  });
});
