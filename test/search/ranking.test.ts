// Ranking: one typed word counts once, however it is hyphenated (issue 13), and its proximity pairs.
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.ts';
import { neighbourPairs, proximityShare, type NeighbourPair } from '../../src/search/ranking.ts';
import { tokens } from '../../src/search/analyzer.ts';
import { loadCorpus } from '../../src/papers/corpus.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { parseQuery, queryWords } from '../../src/search/query.ts';
import { VLM_DAY } from './hyphen-fixtures.ts';

const ids = (index: SearchIndex, q: string) => index.search(q, { limit: 5 }).hits.map((h) => h.paper.id);

describe('hyphenated query words', () => {
  const index = new SearchIndex(VLM_DAY);

  it('do not outweigh a rarer plain word: the paper matching both words comes first', () => {
    // Scored as three words (vision, language, visionlanguage), "vision-language" put four papers without
    // "hallucination" above the one paper about hallucination in vision-language models.
    expect(ids(index, 'hallucination in vision-language models')[0]).toBe('hallucination');
    expect(ids(index, 'hallucination vision language models')[0]).toBe('hallucination');
    expect(ids(index, 'vision-language hallucination')[0]).toBe('hallucination');
  });

  it('still find papers however they write the word', () => {
    const found = index.search('vision-language', { limit: 20 }).hits.map((h) => h.paper.id);
    expect(found).toEqual(expect.arrayContaining(['vl-pretraining', 'vl-prompts', 'vl-adapters', 'vl-retrieval', 'hallucination']));
    // The papers that write the hyphenated word rank above those with only "vision" or only "language".
    const vit = found.indexOf('vit');
    const llm = found.indexOf('llm');
    for (const id of ['vl-pretraining', 'vl-prompts', 'vl-adapters', 'vl-retrieval']) {
      expect(found.indexOf(id)).toBeLessThan(vit < 0 ? Infinity : vit);
      expect(found.indexOf(id)).toBeLessThan(llm < 0 ? Infinity : llm);
    }
  });

  it('pair neighbouring words for the proximity rerank, not the parts of one word', () => {
    const words = queryWords(parseQuery('hallucination in vision-language models'));
    expect(neighbourPairs(words)).toEqual([
      [['hallucin'], ['vision', 'languag']],
      [['vision', 'languag'], ['model']],
    ]);
    expect(neighbourPairs(queryWords(parseQuery('backdoor attacks')))).toEqual([[['backdoor'], ['attack']]]);
    expect(neighbourPairs(queryWords(parseQuery('robustness')))).toEqual([]);
  });
});

describe('proximity share', () => {
  /** The share computed over the title and abstract joined by " . ", as one token list: the reference. */
  function joinedShare(paper: Paper, pairs: NeighbourPair[], window: number): number {
    const found = new Set<number>();
    const last = new Map<string, number>();
    let pos = 0;
    for (const t of tokens(`${paper.title ?? ''} . ${paper.abstract ?? ''}`)) {
      if (t.joined || t.stop) continue;
      pos++;
      pairs.forEach(([a, b], i) => {
        const near = (terms: string[]) => terms.some((x) => pos - (last.get(x) ?? -Infinity) <= window);
        if ((a.includes(t.term) && near(b)) || (b.includes(t.term) && near(a))) found.add(i);
      });
      last.set(t.term, pos);
    }
    return found.size / pairs.length;
  }
  const pairsOf = (q: string) => neighbourPairs(queryWords(parseQuery(q)));

  it('is the share over title and abstract read as one text, the abstract skipped when the title has every pair', async () => {
    const { papers } = await loadCorpus(['data/papers']);
    const edge: Paper = { ...papers[0], title: 'Robust models of the Backdoor', abstract: 'attacks on data; backdoor-free training' };
    const queries = ['backdoor attacks', 'adversarial robustness', 'robust models', 'image classification models', 'data poisoning backdoor', 'training data', 'vision-language models'];
    let compared = 0;
    for (const paper of [...papers, edge]) {
      for (const q of queries) {
        for (const window of [1, 3]) {
          const pairs = pairsOf(q);
          if (pairs.length === 0) continue;
          expect(proximityShare(paper, pairs, window)).toBe(joinedShare(paper, pairs, window));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // The title's last word and the abstract's first are neighbours, as in one text.
    expect(proximityShare(edge, pairsOf('backdoor attacks'), 1)).toBe(1);
  });
});
