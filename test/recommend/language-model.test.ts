import { describe, expect, it } from 'vitest';
import { Recommender } from '../../src/recommend/index.ts';
import { PAPERS } from './fixtures.ts';

const ALL = PAPERS.map((p) => p.id);

describe('language-model scoring (experiment)', () => {
  it('ranks a near-duplicate first alone', () => {
    const rec = new Recommender(PAPERS, { lmWeight: 1000 });
    const ranked = rec.rank({ liked: ['rob-1'] }, ALL, 5)!;
    console.log(ranked.map((r) => `${r.id} ${r.score.toFixed(3)}`));
    expect(ranked[0].id).toBe('rob-1-dup');
  });
});
