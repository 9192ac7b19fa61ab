// Ranking: one typed word counts once, however it is hyphenated (issue 13), and its proximity pairs.
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.ts';
import { neighbourPairs } from '../../src/search/ranking.ts';
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
