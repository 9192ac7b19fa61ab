// Trend counting: buckets per month or year with gaps filled, top authors, words that come with the query; the sparkline.
import { describe, expect, it } from 'vitest';
import { sparkline, trendsMessage } from '../../src/blocks/trends.ts';
import { checkMessage } from '../../src/blocks/limits.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { computeTrend } from '../../src/trends/trend.ts';

const paper = (id: string, date: string, authors: string[], abstract: string): Paper => ({ id, title: `Paper ${id}`, authors, abstract, date, year: Number(date.slice(0, 4)), links: [], source: { file: 't' } });

describe('computeTrend', () => {
  it('per year when the library covers fewer than 12 months, gaps filled with zeros', () => {
    const index = new SearchIndex([
      paper('a', '2018-03-01', ['Ada Lovelace'], 'robust training with certified defenses'),
      paper('b', '2020-05-01', ['Ada Lovelace', 'Alan Turing'], 'robust training of certified models'),
      paper('c', '2020-06-01', ['Alan Turing'], 'robust certified smoothing'),
      paper('d', '2020-07-01', ['Grace Hopper'], 'compilers and languages'),
    ]);
    const t = computeTrend(index, 'robust');
    expect(t.unit).toBe('year');
    expect(t.labels).toEqual(['2018', '2019', '2020']);
    expect(t.counts).toEqual([1, 0, 2]);
    expect(t.authors[0]).toEqual({ name: 'Ada Lovelace', papers: 2 });
    expect(t.terms.map((w) => w.word)).toContain('certified');
    expect(t.terms.map((w) => w.word)).not.toContain('robust');
  });

  it('per month once the library covers a year of months', () => {
    const papers = Array.from({ length: 14 }, (_, i) => paper(`p${i}`, `2021-${String((i % 12) + 1).padStart(2, '0')}-01`.replace(/^2021-(\d\d)/, (m, mm) => (i >= 12 ? `2022-${mm}` : m)), ['X'], i % 2 ? 'robust' : 'other'));
    const t = computeTrend(new SearchIndex(papers), 'robust');
    expect(t.unit).toBe('month');
    expect(t.labels[0]).toBe('2021-02');
    expect(t.labels.at(-1)).toBe('2022-02');
    expect(t.counts.reduce((a, b) => a + b, 0)).toBe(t.dated);
  });
});

describe('trends text', () => {
  it('sparkline scales to the largest bucket', () => {
    expect(sparkline([0, 1, 2, 4])).toBe('▁▃▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });

  it('says why there is no chart image when the upload failed, within Block Kit limits', () => {
    const t = computeTrend(new SearchIndex([paper('a', '2019-01-01', ['<!channel>'], 'robust x')]), 'robust');
    const m = trendsMessage(t, { kind: 'failed', error: 'missing_scope' });
    expect(JSON.stringify(m.blocks)).toContain('files:write');
    expect(JSON.stringify(m.blocks)).not.toContain('<!channel>');
    expect(checkMessage(m)).toEqual([]);
  });
});
