import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/papers/corpus.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

describe('seed corpus', () => {
  it('loads the 10 seed papers and finds BREEDS for "robustness"', async () => {
    const corpus = await loadCorpus(['data/papers']);
    expect(corpus.papers).toHaveLength(10);
    const idx = new SearchIndex(corpus.papers);
    const titles = idx.search('subpopulation').hits.map((h) => h.paper.title);
    expect(titles[0]).toMatch(/BREEDS/);
  });
});
