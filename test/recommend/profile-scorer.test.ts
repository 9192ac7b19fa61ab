// The scorer's cosines, read off the profile's term postings, against the same cosines computed pair by pair.
import { describe, expect, it } from 'vitest';
import { PaperVectors } from '../../src/recommend/paper-vectors.ts';
import { ProfileScorer } from '../../src/recommend/profile-scorer.ts';
import { PAPERS } from './fixtures.ts';

/** tf-idf cosine of two rows, term by term. */
function cosine(v: PaperVectors, a: number, b: number): number {
  const idf = v.idf();
  const wa = new Map<number, number>();
  const ra = v.row(a);
  for (let e = 0; e < ra.ids.length; e++) wa.set(ra.ids[e], (wa.get(ra.ids[e]) ?? 0) + ra.weights[e] * idf[ra.ids[e]]);
  const rb = v.row(b);
  let dot = 0;
  for (let e = 0; e < rb.ids.length; e++) dot += rb.weights[e] * idf[rb.ids[e]] * (wa.get(rb.ids[e]) ?? 0);
  return dot / (v.norm(a) * v.norm(b));
}

describe('the profile scorer', () => {
  it('reads each candidate’s cosine to its nearest liked paper and to the liked centroid exactly', () => {
    const v = new PaperVectors();
    const rows = PAPERS.map((p) => v.add(p));
    const liked = rows.slice(0, Math.ceil(rows.length / 2));
    const candidates = rows.slice(liked.length);
    expect(candidates.length).toBeGreaterThan(2);
    const scorer = new ProfileScorer(v, { cslsWeight: 0, backgroundWeight: 0, candidateHubWeight: 0 });
    // Twice: the second profile starts from the slot table and bitset the first one left behind.
    for (const profile of [liked.slice(1), liked]) {
      const { parts, closest } = scorer.score({ liked: profile, disliked: [] }, candidates);
      // The centroid's norm: the length of the sum of the liked papers' unit vectors.
      let c2 = 0;
      for (const a of profile) for (const b of profile) c2 += cosine(v, a, b);
      candidates.forEach((d, r) => {
        const cos = profile.map((l) => cosine(v, l, d));
        expect(parts.nearest[r]).toBeCloseTo(Math.max(...cos), 12);
        expect(cos[closest[r]]).toBeCloseTo(Math.max(...cos), 12);
        expect(parts.centroid[r]).toBeCloseTo(cos.reduce((s, x) => s + x, 0) / Math.sqrt(c2), 12);
      });
    }
  });
});
