// Warming a recommender's caches ahead: after new papers arrive, the first ranking computes no r(d) and no
// background cosine on the spot, and ranks exactly as without the warm-up.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { CandidateHubs } from '../../src/recommend/candidate-hub.ts';
import { Recommender } from '../../src/recommend/index.ts';
import { ProfileScorer } from '../../src/recommend/profile-scorer.ts';
import { paper } from './fixtures.ts';

const TOPICS = [
  ['adversarial', 'Adversarial perturbations fool image classifiers', 'cs.CV'],
  ['folding', 'Protein folding from residue contact maps', 'q-bio.BM'],
  ['parsing', 'Dependency parsing of long sentences in treebanks', 'cs.CL'],
  ['joins', 'Join ordering with learned cost models in column stores', 'cs.DB'],
  ['redshift', 'Photometric redshifts of faint galaxies in deep surveys', 'astro-ph.GA'],
] as const;
const papers = (from: number, n: number): Paper[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const [word, text, cat] = TOPICS[i % TOPICS.length];
    return paper(`p${i}`, `${text}, part ${i}`, `${text}. We study ${word} in setting ${i % 7} with method ${i % 3}.`, cat, '2026-02-01');
  });
// The candidate side on at this size (a sample of 12 papers), so r(d) is part of every score.
const OPTIONS = { candidateHubMinPapers: 0, backgroundSample: 12 };
const PROFILE = { liked: ['p0', 'p1'] };

/** Counts the rows whose r(d) is computed (CandidateHubs' private `top`), while `fn` runs. */
function hubComputations(fn: () => unknown): number {
  const spy = vi.spyOn(CandidateHubs.prototype as unknown as { top: () => unknown }, 'top');
  try {
    fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('Recommender.warm', () => {
  it('computes ahead what the first ranking after an add would compute, and the ranking is unchanged', async () => {
    const cold = new Recommender(papers(0, 40), OPTIONS);
    const warm = new Recommender(papers(0, 40), OPTIONS);
    const fresh = papers(40, 20);
    const ids = fresh.map((p) => p.id);
    for (const rec of [cold, warm]) {
      rec.rank(PROFILE, ids.slice(0, 5), 3); // caches filled once, for the old papers
      rec.add(fresh); // stale again
    }
    expect(await warm.warm(ids)).toBe(true);
    let plain: unknown;
    let warmed: unknown;
    const onSpot = hubComputations(() => (plain = cold.rank(PROFILE, ids, 10)));
    const ahead = hubComputations(() => (warmed = warm.rank(PROFILE, ids, 10)));
    expect(onSpot).toBeGreaterThanOrEqual(ids.length);
    expect(ahead).toBe(0);
    expect(warmed).toEqual(plain);
  });

  it('builds the background table and centroid over several steps, so no slice holds them whole', async () => {
    // Both span every term id (1.3 million at 75k papers): built at once, the table held the event loop 35 to 122 ms
    // and the centroid 13 to 71 ms.
    const rec = new Recommender(papers(0, 40), OPTIONS);
    rec.rank(PROFILE, ['p5'], 1);
    rec.add(papers(40, 5)); // stale again
    const yields = { table: 0, centroid: 0 };
    const count = <T, A extends unknown[]>(proto: object, name: string, key: keyof typeof yields) => {
      const target = proto as Record<string, (...args: A) => Generator<void, T>>;
      const original = target[name];
      vi.spyOn(target, name).mockImplementation(function* (this: unknown, ...args: A) {
        const inner = original.apply(this, args);
        let step = inner.next();
        while (!step.done) {
          yields[key]++;
          yield;
          step = inner.next();
        }
        return step.value;
      });
    };
    count(CandidateHubs.prototype, 'tableSteps', 'table');
    count(ProfileScorer.prototype, 'centroidSteps', 'centroid');
    expect(await rec.warm(papers(40, 5).map((p) => p.id), { sliceMs: 0, pause: async () => {} })).toBe(true);
    expect(yields.table).toBeGreaterThanOrEqual(4);
    expect(yields.centroid).toBeGreaterThanOrEqual(4);
  });

  // After idf (pause 1), the table takes 5 steps at this size (over 2^20 term ids), then the centroid 8: a ranking at
  // pause 4 finds the table half built, one at pause 10 the centroid.
  it.each([4, 10])('ranks the same when a ranking runs at its pause %i', async (at) => {
    const cold = new Recommender(papers(0, 40), OPTIONS);
    const warm = new Recommender(papers(0, 40), OPTIONS);
    const fresh = papers(40, 20);
    const ids = fresh.map((p) => p.id);
    for (const rec of [cold, warm]) {
      rec.rank(PROFILE, ids.slice(0, 5), 3);
      rec.add(fresh);
    }
    const plain = cold.rank(PROFILE, ids, 10);
    let pauses = 0;
    let between: unknown = null;
    const pause = async () => void (++pauses === at && (between = warm.rank(PROFILE, ids, 10)));
    expect(await warm.warm(ids, { sliceMs: 0, pause })).toBe(true);
    expect(pauses).toBeGreaterThan(at);
    expect(between).toEqual(plain);
    expect(hubComputations(() => expect(warm.rank(PROFILE, ids, 10)).toEqual(plain))).toBe(0);
  });

  it('yields between slices, and stops (false) when papers are added meanwhile', async () => {
    const rec = new Recommender(papers(0, 60), OPTIONS);
    let pauses = 0;
    // A slice of 0 ms: one step, then a pause, every time.
    expect(await rec.warm(papers(0, 60).map((p) => p.id), { sliceMs: 0, pause: async () => void pauses++ })).toBe(true);
    expect(pauses).toBeGreaterThan(3);
    const late = papers(60, 1);
    expect(await rec.warm(['p1', 'p2', 'p3'], { sliceMs: 0, pause: async () => rec.add(late) })).toBe(false);
  });
});
