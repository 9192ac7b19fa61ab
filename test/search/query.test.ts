import { describe, expect, it } from 'vitest';
import { parseQuery, isEmptyQuery } from '../../src/search/query.ts';
import { parsePaperRef } from '../../src/search/paper-ref.ts';

describe('parseQuery', () => {
  it('splits free words, phrases and exclusions', () => {
    const q = parseQuery('robust "adversarial examples" -survey -"image net"');
    expect(q.words).toEqual(['robust']);
    expect(q.phrases).toEqual(['adversarial examples']);
    expect(q.excludeWords).toEqual(['survey']);
    expect(q.excludePhrases).toEqual(['image net']);
  });

  it('reads author, venue and year filters', () => {
    const q = parseQuery('author:madry author:"a madry" venue:neurips year:2018-2021 transfer');
    expect(q.filters).toEqual([
      { field: 'author', value: 'madry', negate: false },
      { field: 'author', value: 'a madry', negate: false },
      { field: 'venue', value: 'neurips', negate: false },
    ]);
    expect(q.years).toEqual({ from: 2018, to: 2021 });
    expect(q.words).toEqual(['transfer']);
    expect(parseQuery('year:2020').years).toEqual({ from: 2020, to: 2020 });
    expect(parseQuery('-author:smith').filters).toEqual([{ field: 'author', value: 'smith', negate: true }]);
  });

  it('keeps unknown keys and bad years as words', () => {
    expect(parseQuery('IL:6').words).toEqual(['IL 6']);
    expect(parseQuery('year:soon').words).toEqual(['year soon']);
  });

  it('accepts an unclosed quote and curly quotes', () => {
    expect(parseQuery('"backdoor attacks').phrases).toEqual(['backdoor attacks']);
    expect(parseQuery('“spectral signatures”').phrases).toEqual(['spectral signatures']);
  });

  it('cuts long queries and says so', () => {
    const long = parseQuery('word '.repeat(200));
    expect(long.truncated).toBe(true);
    expect(long.text.length).toBeLessThanOrEqual(256);
    const many = parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '));
    expect(many.truncated).toBe(true);
    expect(many.words).toHaveLength(32);
    expect(parseQuery('short query').truncated).toBe(false);
  });

  it('never throws on hostile input', () => {
    for (const raw of ['', '   ', '"', '-', '--', ':', 'author:', '(((*+?[', '\u0000\u0007\u202e', '🤖'.repeat(50), 'x'.repeat(100_000)]) {
      expect(() => parseQuery(raw)).not.toThrow();
    }
    expect(isEmptyQuery(parseQuery(''))).toBe(true);
    expect(isEmptyQuery(parseQuery('"'))).toBe(true);
    expect(parseQuery('a\u0000b').text).toBe('a b');
  });
});

describe('conversational filler and Slack markup', () => {
  it.each([
    ['papers about backdoor attacks', 'backdoor attacks'],
    ['find me papers on adversarial robustness', 'adversarial robustness'],
    ['anything on distribution shift?', 'distribution shift'],
    ["what's new in vision-language models", 'vision-language models'],
    ['What’s new in diffusion', 'diffusion'],
    ['show me label noise', 'label noise'],
    ['hey, can you please find me some recent papers about spectral signatures? thanks', 'spectral signatures'],
    ['is there anything on certified defenses', 'certified defenses'],
    ["I'm looking for research on data poisoning", 'data poisoning'],
    ['do you have any papers regarding ImageNet', 'ImageNet'],
  ])('%s -> %s', (raw, text) => {
    const q = parseQuery(raw);
    expect(q.text).toBe(text);
    expect(q.words.join(' ')).toBe(text);
  });

  it('keeps quoted phrases, filters and lookups whole after a lead-in', () => {
    const q = parseQuery('papers about "papers about cats" author:madry');
    expect(q.phrases).toEqual(['papers about cats']);
    expect(q.words).toEqual([]);
    expect(q.filters).toEqual([{ field: 'author', value: 'madry', negate: false }]);
    expect(parseQuery('"anything on robustness"').phrases).toEqual(['anything on robustness']);
    expect(parseQuery('show me 2007.08489').lookup).toEqual({ arxivId: '2007.08489' });
  });

  it('leaves ordinary queries alone, and a query that is only filler as typed', () => {
    for (const text of ['search algorithms', 'list decoding', 'recommendation systems', 'papers', 'show me', 'work in progress robustness', 'research papers']) {
      expect(parseQuery(text).text).toBe(text);
    }
    expect(parseQuery('papers with code').words).toEqual(['papers', 'with', 'code']);
  });

  it('drops Slack mentions and channel references, keeps the rest', () => {
    expect(parseQuery('<!here> robustness').words).toEqual(['robustness']);
    expect(parseQuery('<@U123ABC|alice> <#C42|general> backdoor <!subteam^S1|@ml>').words).toEqual(['backdoor']);
    expect(isEmptyQuery(parseQuery('<!here>'))).toBe(true);
    expect(isEmptyQuery(parseQuery('<!channel> <!everyone>'))).toBe(true);
  });
});

describe('pasted identifiers', () => {
  it.each([
    ['2006.14651', '2006.14651'],
    ['2006.14651v2', '2006.14651'],
    ['arXiv:2006.14651', '2006.14651'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['math.gt/0309136v1', 'math.GT/0309136'],
    ['https://arxiv.org/abs/2006.14651', '2006.14651'],
    ['https://arxiv.org/pdf/2006.14651v3.pdf', '2006.14651'],
    ['http://export.arxiv.org/abs/hep-th/9901001', 'hep-th/9901001'],
    ['https://doi.org/10.48550/arXiv.2006.14651', '2006.14651'],
  ])('%s is arXiv %s', (text, arxivId) => {
    expect(parsePaperRef(text)).toEqual({ arxivId });
    expect(parseQuery(text).lookup).toEqual({ arxivId });
  });

  it.each([
    ['10.1145/3319535.3354211', '10.1145/3319535.3354211'],
    ['doi:10.1000/ABC.def', '10.1000/abc.def'],
    ['https://doi.org/10.1109/CVPR.2016.90', '10.1109/cvpr.2016.90'],
    ['https://dx.doi.org/10.1000/a%2Fb', '10.1000/a/b'],
  ])('%s is DOI %s', (text, doi) => {
    expect(parsePaperRef(text)).toEqual({ doi });
  });

  it('does not take ordinary queries for identifiers', () => {
    for (const text of ['robustness 2006.14651', '2006', '10.5 percent', 'arxiv robustness', 'https://example.com/abs/2006.14651']) {
      expect(parsePaperRef(text)).toBeUndefined();
    }
  });
});
