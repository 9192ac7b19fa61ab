// Typo tolerance reads only likely typos: not acronyms, names, short words or Slack markup (issue 13).
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.ts';
import { typoBudget, plausibleReading } from '../../src/search/typos.ts';
import type { Paper } from '../../src/papers/paper.ts';

const paper = (id: string, title: string, abstract: string, authors: string[] = []): Paper => ({ id, title, abstract, authors, links: [], source: { file: 'typos.test.ts' } });

// Each paper holds the word an eager typo rule read a non-typo as: "vulnerabilities" (stem "vulner", 2 edits from
// "muller"), "RLMF" (1 edit from "rlhf"), "where" (1 edit from "here"), "lead" (2 edits from "clear").
const PAPERS: Paper[] = [
  paper('vuln', 'Finding software vulnerabilities where fuzzers fail', 'Vulnerabilities hide where coverage is low.', ['Jane Miller']),
  paper('rlmf', 'RLMF: reinforcement learning from market feedback', 'We align trading agents with RLMF.'),
  paper('lead', 'Lead optimization with graph networks', 'Lead compounds are ranked by predicted affinity.'),
  paper('robust', 'Robustness of vision models', 'Robust classifiers resist perturbations.'),
];

describe('typo tolerance', () => {
  const index = new SearchIndex(PAPERS);

  it.each([
    ['Müller', 'a name is not read as "vulnerabilities" (its stem is 2 edits away) nor as "Miller"'],
    ['RLHF', 'an acronym is not read as RLMF'],
    ['<!here>', 'Slack markup is not searched, so not read as "where"'],
    ['here', 'a 4-letter word is not read as "where"'],
    ['clear', 'a 5-letter word is not read 2 edits away as "lead"'],
  ])('%s: %s', (query) => {
    const res = index.search(query);
    expect(res.total).toBe(0);
    expect(res.understoodAs).toBeUndefined();
    expect(res.suggestions).toEqual([]);
  });

  it('still reads real typos, also capitalised at the start of a DM', () => {
    for (const q of ['robustnes', 'Robustnes', 'vulnerabilites']) {
      const res = index.search(q);
      expect(res.total, q).toBeGreaterThan(0);
    }
    expect(index.search('robustnes').understoodAs).toBe('robustness');
    expect(index.search('Robustnes').understoodAs).toBe('robustness');
    expect(index.search('vulnerabilites').understoodAs).toBe('vulnerabilities');
    const filtered = index.search('robustnes year:1990');
    expect(filtered.total).toBe(0);
    expect(filtered.suggestions[0]).toBe('robustness year:1990');
  });

  it('budgets edits by length, and none for acronyms, digits and short words', () => {
    expect(['RLHF', 'GPT4', 'here', 'ImageNet', 'IL6', 'vlm'].map(typoBudget)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(['clear', 'robustnes', 'vulnerabilites', 'vision-langauge'].map(typoBudget)).toEqual([1, 2, 3, 3]);
  });

  it('wants a shared first letter, and a name only one edit from a word sharing three letters', () => {
    expect(plausibleReading('clear', 'lead', 2)).toBe(false);
    expect(plausibleReading('clear', 'clean', 1)).toBe(true);
    expect(plausibleReading('Müller', 'miller', 1)).toBe(false);
    expect(plausibleReading('Robustnes', 'robustness', 1)).toBe(true);
    expect(plausibleReading('Robustnez', 'robustness', 2)).toBe(false);
  });
});
