import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.ts';
import type { Paper } from '../../src/papers/paper.ts';

const paper = (id: string, title: string, abstract = ''): Paper => ({ id, title, authors: ['A. Author'], abstract, links: [], source: { file: 'test' } });

describe('Vocabulary.warm', () => {
  it('builds the typo trees in slices, keeping words added meanwhile, and typos then find them', async () => {
    const index = new SearchIndex([paper('a', 'Robustness of vision models', 'Adversarial training for robust classifiers.')]);
    const warming = index.vocabulary.warm(1); // one entry per turn of the event loop: plenty of turns to add during
    let turns = 0;
    let done = false;
    const tick = () => (turns++, done || setImmediate(tick));
    setImmediate(tick);
    await new Promise((resolve) => setImmediate(resolve));
    index.add([paper('z', 'Zebrafish regeneration atlas', 'Fins regrow.')]);
    await warming;
    done = true;
    // Other work got turns while the trees were built (a request or a health check would have been answered).
    expect(turns).toBeGreaterThan(5);
    expect(index.search('zebrafsh').hits.map((h) => h.paper.id)).toEqual(['z']);
    expect(index.search('zebrafissh atlaz').total).toBeGreaterThan(0);
    expect(index.search('robustnes').hits[0]?.paper.id).toBe('a');
  });

  it('lets a typo that arrives first build what it needs, and then keeps that tree', async () => {
    const index = new SearchIndex([paper('a', 'Backdoor attacks', 'Spectral signatures.')]);
    const warming = index.vocabulary.warm(1);
    expect(index.search('backdor').hits.map((h) => h.paper.id)).toEqual(['a']);
    await warming;
    expect(index.search('signaturs').hits.map((h) => h.paper.id)).toEqual(['a']);
    expect(index.search('xqzv').suggestions).toEqual([]);
  });
});
