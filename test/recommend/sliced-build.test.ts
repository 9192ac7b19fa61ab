// The recommender's time-sliced build: the event loop turns between slices, a rank meanwhile sees every paper, and Library starts it on open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { Recommender } from '../../src/recommend/index.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { TestClock } from '../digests/harness.ts';
import { PAPERS } from './fixtures.ts';

/** The fixtures ten times over under new ids: enough papers for several slices. */
const MANY: Paper[] = Array.from({ length: 10 }, (_, copy) => PAPERS.map((p) => ({ ...p, id: copy === 0 ? p.id : `${p.id}~${copy}` }))).flat();
const ALL = MANY.map((p) => p.id);
const PROFILE = { liked: ['rob-1', 'prot-1'], disliked: ['bd-1'] };

describe('Recommender.addSliced', () => {
  it('lets the event loop turn between slices, then holds every paper', async () => {
    const rec = new Recommender();
    const seen: number[] = [];
    // A callback queued on the event loop: it runs only if the build yields before it is done.
    const tick = (): void => {
      seen.push(rec.size);
      if (rec.size < MANY.length) setImmediate(tick);
    };
    setImmediate(tick);
    // sliceMs 0: one paper per slice.
    const build = rec.addSliced(MANY, { sliceMs: 0 });
    expect(rec.size).toBeLessThan(MANY.length);
    await build;
    expect(seen.some((n) => n > 0 && n < MANY.length)).toBe(true);
    expect(rec.size).toBe(MANY.length);
    expect(rec.pending).toBe(0);
    expect(rec.rank(PROFILE, ALL, 20)).toEqual(new Recommender(MANY).rank(PROFILE, ALL, 20));
  });

  it('a rank during the build adds the rest first, and ranks as a full build does', async () => {
    const rec = new Recommender();
    const build = rec.addSliced(MANY, { sliceMs: 0 });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(rec.pending).toBeGreaterThan(0);
    expect(rec.rank(PROFILE, ALL, 20)).toEqual(new Recommender(MANY).rank(PROFILE, ALL, 20));
    expect(rec.pending).toBe(0);
    await build;
    expect(rec.size).toBe(MANY.length);
  });
});

describe('Library builds its recommender in the background', () => {
  let dir: string;
  let store: Store;
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts at open, yields, and recommender() before the end still sees every paper', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperbot-sliced-'));
    store = openStore(join(dir, 'bot.db'));
    const library = new Library(store.papers, new TestClock(Date.parse('2026-11-24T09:00:00Z')));
    await library.open(new SearchIndex(MANY));
    // The build is under way, not done: open returned before adding the papers.
    const started = (library as unknown as { taste?: Recommender }).taste;
    expect(started).toBeDefined();
    expect(started!.pending).toBeGreaterThan(0);
    expect(started!.size).toBeLessThan(MANY.length);
    // A paper merged during the build joins it.
    const late: Paper = { ...PAPERS[0], id: 'late-1', title: 'Randomized smoothing certificates for adversarial robustness, revisited' };
    library.merge([late]);
    const rec = library.recommender();
    expect(rec).toBe(started);
    expect(rec.pending).toBe(0);
    expect(rec.size).toBe(MANY.length + 1);
    expect(rec.paper('late-1')).toBe(late);
    expect(rec.rank(PROFILE, ['late-1', 'nlp-1'], 2)!.map((r) => r.id)).toEqual(['late-1', 'nlp-1']);
  });
});
