import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/papers/corpus.ts';
import { SearchIndex } from '../../src/search/index.ts';
import type { SearchResults } from '../../src/search/results.ts';
import { PAPERS } from './fixtures.ts';

const titles = (r: SearchResults) => r.hits.map((h) => h.paper.title);
const ids = (r: SearchResults) => r.hits.map((h) => h.paper.id);

describe('SearchIndex on the seed corpus', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    index = new SearchIndex((await loadCorpus(['data/papers'])).papers);
  });

  it('finds the robustness papers for "robustness" (stemmed: robust, robustly)', () => {
    const top = titles(index.search('robustness', { limit: 3 }));
    expect(top).toContain('BREEDS: Benchmarks for Subpopulation Shift');
    expect(top).toContain('Do Adversarially Robust ImageNet Models Transfer Better?');
  });

  it('ranks the backdoor paper first for "backdoor attacks"', () => {
    expect(titles(index.search('backdoor attacks'))[0]).toBe('Spectral Signatures in Backdoor Attacks');
  });

  it('falls back to fuzzy matching for a misspelt word', () => {
    const res = index.search('robustnes', { limit: 3 });
    expect(titles(res)).toContain('BREEDS: Benchmarks for Subpopulation Shift');
    expect(titles(res)).toContain('Do Adversarially Robust ImageNet Models Transfer Better?');
    // The matched line shows the paper's own word that matched, not the typo.
    for (const hit of res.hits) {
      const [word] = Object.keys(hit.matches);
      expect(Object.keys(hit.matches)).toHaveLength(1);
      expect(word).toMatch(/^robust/);
      expect(`${hit.paper.title} ${hit.paper.abstract}`.toLowerCase()).toContain(word);
    }
    expect(res.understoodAs).toBe('robustness');
    expect(index.search('backdoor robustnes -spectral').understoodAs).toBe('backdoor robustness -spectral');
    expect(index.search('robustness').understoodAs).toBeUndefined();
    expect(index.search('robustnezzzzz').understoodAs).toBeUndefined();
  });

  it('does not fuzz a correctly spelled word', () => {
    // "models" is in the vocabulary; fuzzing it would also match words one edit away such as "modal"/"mode".
    for (const hit of index.search('models', { limit: 50 }).hits) {
      expect(Object.keys(hit.matches)).toHaveLength(1);
      expect(Object.keys(hit.matches)[0]).toMatch(/^model/);
      const marked = hit.snippet.marks.map(([a, b]) => hit.snippet.text.slice(a, b).toLowerCase());
      for (const word of marked) expect(word).toMatch(/^model/);
    }
  });

  it('suggests corrections when nothing matches', () => {
    const res = index.search('robustnezzz');
    expect(res.total).toBe(0);
    expect(res.suggestions[0]).toBe('robustness');
    expect(index.search('robustness').suggestions).toEqual([]);
  });

  it('marks the matched words, in every form, inside a bounded snippet', () => {
    for (const hit of index.search('robustness', { limit: 5 }).hits) {
      const { text, marks } = hit.snippet;
      expect(text.length).toBeLessThanOrEqual(310);
      expect(marks.length).toBeGreaterThan(0);
      for (const [a, b] of marks) expect(text.slice(a, b)).toMatch(/^robust/i);
    }
    const all = index.search('robustness', { limit: 5 }).hits.flatMap((h) => h.snippet.marks.map(([a, b]) => h.snippet.text.slice(a, b)));
    expect(all).toEqual(expect.arrayContaining(['robust', 'robustness']));
  });

  it('pages with offset and limit over a stable total', () => {
    const all = index.search('models data', { limit: 100 });
    expect(all.total).toBe(all.hits.length);
    const page2 = index.search('models data', { limit: 2, offset: 2 });
    expect(page2.total).toBe(all.total);
    expect(page2.offset).toBe(2);
    expect(ids(page2)).toEqual(ids(all).slice(2, 4));
    expect(index.search('models data', { limit: 5, offset: all.total }).hits).toEqual([]);
  });

  it('answers a conversational DM as the plain query, filler not searched', () => {
    const plain = index.search('backdoor attacks', { limit: 10 });
    for (const q of ['papers about backdoor attacks', 'find me papers on backdoor attacks', "what's new in backdoor attacks?"]) {
      const res = index.search(q, { limit: 10 });
      expect(res.query).toBe('backdoor attacks');
      expect(ids(res)).toEqual(ids(plain));
      expect(res.total).toBe(plain.total);
    }
  });

  it('similar() leaves the paper out and finds related ones', () => {
    const breeds = index.search('BREEDS subpopulation', { limit: 1 }).hits[0].paper;
    const res = index.similar(breeds.id, { limit: 9 });
    expect(res.total).toBeGreaterThan(0);
    expect(ids(res)).not.toContain(breeds.id);
    expect(index.similar('no-such-paper').total).toBe(0);
  });

  it('survives hostile queries', () => {
    for (const q of ['', '   ', '"', '-', '(((*+?[', '\\', '\u0000\u0007', '🤖🤖', 'a'.repeat(100_000), '"unclosed phrase', 'author:', 'year:', '-robust', '%s%n']) {
      expect(() => index.search(q)).not.toThrow();
    }
    expect(index.search('').total).toBe(0);
    const long = index.search(`robustness ${'word '.repeat(30_000)}`);
    expect(long.truncated).toBe(true);
    expect(long.query.length).toBeLessThanOrEqual(256);
  });
});

describe('SearchIndex query syntax', () => {
  const index = new SearchIndex(PAPERS);

  it('requires quoted phrases to appear word for word', () => {
    expect(ids(index.search('"robust models"'))).toEqual(['robust-transfer']);
    expect(ids(index.search('"models robust"'))).toEqual([]);
  });

  it('filters by author, initials, accents and name order', () => {
    expect(ids(index.search('author:madry', { limit: 10 })).sort()).toEqual(['no-abstract', 'robust-transfer']);
    expect(ids(index.search('author:"a madry" transfer'))).toEqual(['robust-transfer']);
    expect(ids(index.search('author:diaz'))).toEqual(['crowd']);
    expect(ids(index.search('author:"m diaz"'))).toEqual(['crowd']);
    expect(ids(index.search('author:"b madry"'))).toEqual([]);
  });

  it('filters by venue and year', () => {
    expect(ids(index.search('venue:neurips'))).toEqual(['robust-transfer']);
    expect(ids(index.search('venue:"neural information processing" labels'))).toEqual(['label-noise']);
    expect(ids(index.search('year:2018-2019', { limit: 10 })).sort()).toEqual(['crowd', 'label-noise']);
    expect(ids(index.search('robust year:2021'))).toEqual(['no-abstract']);
  });

  it('excludes -words', () => {
    expect(ids(index.search('robust', { limit: 10 }))).toContain('label-noise');
    expect(ids(index.search('robust -noisy', { limit: 10 }))).not.toContain('label-noise');
    expect(ids(index.search('labels -"noisy labels"', { limit: 10 }))).toEqual(['crowd']);
  });

  it('matches hyphenated words with and without the hyphen', () => {
    expect(ids(index.search('crowdsourcing', { limit: 10 })).sort()).toEqual(['crowd', 'label-noise']);
    expect(ids(index.search('crowd-sourced', { limit: 10 }))).toContain('label-noise');
    const hit = index.search('crowdsourced').hits.find((h) => h.paper.id === 'crowd')!;
    const marked = hit.snippet.marks.map(([a, b]) => hit.snippet.text.slice(a, b));
    expect(marked).toContain('crowd-sourced');
  });

  it('looks up pasted arXiv ids, URLs and DOIs', () => {
    for (const q of ['2007.08489', '2007.08489v2', 'arXiv:2007.08489', 'https://arxiv.org/pdf/2007.08489v1.pdf']) {
      const res = index.search(q);
      expect(res.lookup).toBe(true);
      expect(ids(res)).toEqual(['robust-transfer']);
    }
    expect(ids(index.search('hep-th/9901001'))).toEqual(['old-physics']);
    expect(ids(index.search('https://doi.org/10.1109/cvpr.2018.00001'))).toEqual(['crowd']);
    expect(ids(index.search('1905.00001'))).toEqual(['label-noise']); // only its URL names it
    const missing = index.search('2101.00000');
    expect(missing).toMatchObject({ lookup: true, total: 0, hits: [] });
  });

  it('reports matched fields keyed by the query words', () => {
    const hit = index.search('robustness backdoor').hits[0];
    expect(hit.paper.id).toBe('no-abstract');
    expect(hit.matches).toEqual({ robustness: ['title'], backdoor: ['title'] });
    // No abstract: the snippet is the title.
    expect(hit.snippet.text).toBe('Robustness certificates for backdoor defenses');
    expect(hit.snippet.marks).toEqual([
      [0, 10],
      [28, 36],
    ]);
  });

  it('keys matches by the word the paper has: typo readings, stems and hyphenated forms', () => {
    const byId = (q: string, id: string) => index.search(q, { limit: 10 }).hits.find((h) => h.paper.id === id)!;
    expect(byId('robustnes', 'no-abstract').matches).toEqual({ robustness: ['title'] });
    expect(byId('robust', 'no-abstract').matches).toEqual({ robustness: ['title'] });
    // The parts "crowd" and "sourced" fold into the hyphenated word they came with; "crowdsourcing" is its own word.
    expect(byId('crowd-sourced', 'crowd').matches).toEqual({ 'crowd-sourced': ['title', 'abstract'] });
    expect(byId('crowd-sourced', 'label-noise').matches).toEqual({ crowdsourcing: ['abstract'] });
    expect(byId('Diaz', 'crowd').matches).toEqual({ díaz: ['authors'] });
  });

  it('makes a Hit for a paper without searching (digests)', () => {
    const hit = index.hitFor(PAPERS[0], 'transfer learning');
    expect(hit.paper).toBe(PAPERS[0]);
    expect(hit.matches).toEqual({ transfer: ['title', 'abstract'], learning: ['abstract'] });
    expect(hit.snippet.marks.length).toBeGreaterThan(0);
    expect(index.hitFor(PAPERS[1]).snippet.marks).toEqual([]);
  });

  it('adds papers incrementally and ignores a repeated id', () => {
    const idx = new SearchIndex(PAPERS.slice(0, 2));
    expect(idx.search('dualities').total).toBe(0);
    idx.add(PAPERS.slice(1));
    expect(idx.size).toBe(PAPERS.length);
    expect(ids(idx.search('dualities'))).toEqual(['old-physics']);
    expect(idx.get('crowd')).toBe(PAPERS[1]);
  });
});

describe('SearchIndex phrases with hyphens', () => {
  it('matches a hyphenated phrase written with a space', () => {
    const index = new SearchIndex(PAPERS);
    expect(ids(index.search('"crowd-sourced annotations"'))).toEqual(['crowd']);
    expect(ids(index.search('"crowd sourced annotations"'))).toEqual(['crowd']);
  });
});
