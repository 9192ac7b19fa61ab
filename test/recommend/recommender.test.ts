import { describe, expect, it } from 'vitest';
import { paperDate, publishedSince, Recommender } from '../../src/recommend/index.ts';
import { PAPERS } from './fixtures.ts';

const ALL = PAPERS.map((p) => p.id);
const ids = (r: { id: string }[] | null) => (r ?? []).map((x) => x.id);

describe('Recommender', () => {
  it('ranks a near-duplicate of a liked paper first', () => {
    const rec = new Recommender(PAPERS);
    const ranked = rec.rank({ liked: ['rob-1'] }, ALL, 5)!;
    expect(ranked[0].id).toBe('rob-1-dup');
    // Other robustness papers come before the papers on other subjects.
    expect(ids(ranked).slice(1, 3).sort()).toEqual(['new-year-only', 'rob-2']);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
  });

  it('never returns the profile’s own papers', () => {
    const rec = new Recommender(PAPERS);
    const ranked = rec.rank({ liked: ['rob-1', 'bd-1'], disliked: ['prot-1'] }, ALL, ALL.length);
    expect(ids(ranked)).not.toContain('rob-1');
    expect(ids(ranked)).not.toContain('bd-1');
    expect(ids(ranked)).not.toContain('prot-1');
    expect(ids(ranked)).toHaveLength(ALL.length - 3);
  });

  it('reports a cold start as null: no liked paper, or none it knows', () => {
    const rec = new Recommender(PAPERS);
    expect(rec.rank({ liked: [] }, ALL, 5)).toBeNull();
    expect(rec.rank({ liked: ['no-such-paper'] }, ALL, 5)).toBeNull();
    expect(rec.rank({ liked: [], disliked: ['bd-1'] }, ALL, 5)).toBeNull();
    // Known papers but no candidates is not a cold start.
    expect(rec.rank({ liked: ['rob-1'] }, [], 5)).toEqual([]);
  });

  it('moves papers like a disliked one down', () => {
    // A lab that likes robustness of image classifiers: backdoor papers on image classifiers rank fairly high...
    // (Without the candidate-side hubness term: in 12 papers, the whole corpus is the feed sample, and the two
    // backdoor candidates' nearest papers in it are each other and bd-1, which sinks them before any 👎.)
    const rec = new Recommender(PAPERS, { candidateHubWeight: 0 });
    const candidates = ['rob-3', 'bd-2', 'bd-3', 'prot-2', 'nlp-1', 'rob-2'];
    const before = ids(rec.rank({ liked: ['rob-1', 'old-1'] }, candidates, 10));
    // ...until it marks a backdoor paper 👎.
    const after = ids(rec.rank({ liked: ['rob-1', 'old-1'], disliked: ['bd-1'] }, candidates, 10));
    expect(before.slice(-2).sort()).not.toEqual(['bd-2', 'bd-3']);
    expect(after.slice(-2).sort()).toEqual(['bd-2', 'bd-3']);
    for (const bd of ['bd-2', 'bd-3']) expect(after.indexOf(bd)).toBeGreaterThanOrEqual(before.indexOf(bd));
    expect(after.indexOf('bd-2') + after.indexOf('bd-3')).toBeGreaterThan(before.indexOf('bd-2') + before.indexOf('bd-3'));
  });

  it('says why: the closest liked paper and shared words as written', () => {
    // Without the candidate-side hubness term, which in 12 papers puts prot-2 first (see the 👎 test).
    const rec = new Recommender(PAPERS, { candidateHubWeight: 0 });
    const [top, second] = rec.rank({ liked: ['prot-1', 'rob-1'] }, ['rob-1-dup', 'prot-2'], 2)!;
    expect(top).toMatchObject({ id: 'rob-1-dup', why: { like: 'rob-1' } });
    expect(top.why.shared.length).toBeGreaterThanOrEqual(2);
    expect(top.why.shared.length).toBeLessThanOrEqual(4);
    // Words as written ("smooth" and "random" are the stems), rarest first; "adversarial" is in most of these papers.
    expect(top.why.shared).toEqual(expect.arrayContaining(['smoothing', 'randomized']));
    expect(top.why.shared).not.toContain('adversarial');
    expect(second.why.like).toBe('prot-1');
    expect(second.why.shared).toContain('protein');
    // A common word the analyzer keeps ("from") explains nothing.
    expect(second.why.shared).not.toContain('from');
  });

  it('ranks only papers dated on or after `since` (year-only papers count from that year)', () => {
    const rec = new Recommender(PAPERS);
    const ranked = ids(rec.rank({ liked: ['rob-1'] }, publishedSince('2026-02-11'), 20));
    expect(ranked).not.toContain('rob-1-dup'); // 2026-02-10
    expect(ranked).not.toContain('old-1'); // 2016, year only
    expect(ranked).toContain('rob-2'); // 2026-02-11: on the day counts
    expect(ranked).toContain('new-year-only'); // 2026, year only
    expect(ranked.sort()).toEqual(PAPERS.filter((p) => (paperDate(p) ?? '') >= '2026-02-11' || p.id === 'new-year-only').map((p) => p.id).sort());
  });

  it('ranks papers added later exactly as if they had been there from the start', () => {
    const grown = new Recommender(PAPERS.slice(0, 6));
    const profile = { liked: ['rob-1', 'prot-1'], disliked: ['bd-1'] };
    expect(grown.rank(profile, ALL, 20)).not.toBeNull(); // ranks with the papers it has (and caches their norms)
    grown.add(PAPERS.slice(6));
    grown.add(PAPERS.slice(0, 2)); // known ids are skipped
    const fresh = new Recommender(PAPERS);
    expect(grown.size).toBe(PAPERS.length);
    expect(grown.rank(profile, ALL, 20)).toEqual(fresh.rank(profile, ALL, 20));
  });
});
