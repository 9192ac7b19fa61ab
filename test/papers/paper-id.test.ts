// Paper identity: arXiv id detection, DOI normalisation, title keys and the id precedence.
import { describe, expect, it } from 'vitest';
import { arxivIdYear, findArxivId, normalizeDoi, paperId, titleKey, titleSlug } from '../../src/papers/paper-id.ts';
import { finishPaper, readDate } from '../../src/papers/paper-draft.ts';
import type { Paper } from '../../src/papers/paper.ts';

describe('findArxivId', () => {
  it.each([
    ['2101.00001', '2101.00001'],
    ['2101.00001v2', '2101.00001'],
    ['arXiv:2006.14651v3', '2006.14651'],
    ['http://arxiv.org/abs/2101.00001v2', '2101.00001'],
    ['https://arxiv.org/pdf/2606.30776', '2606.30776'],
    ['https://arxiv.org/pdf/2606.30776v1.pdf', '2606.30776'],
    ['http://arxiv.org/abs/quant-ph/0210005v1', 'quant-ph/0210005'],
    ['math.GT/0309136', 'math.GT/0309136'],
    ['10.48550/arXiv.2001.00042', '2001.00042'],
    ['https://doi.org/10.48550/ARXIV.2001.00042', '2001.00042'],
  ])('%s -> %s', (text, id) => expect(findArxivId(text)).toBe(id));

  it.each(['4983', 'lab-001', '10.1007/s11191-014-9716-8', 'see 2101.00001 here', '2113.00001', 'https://example.org/2101.00001'])(
    'finds none in %s',
    (text) => expect(findArxivId(text)).toBeUndefined(),
  );
});

describe('normalizeDoi', () => {
  it('lowercases and strips resolver prefixes', () => {
    expect(normalizeDoi('https://doi.org/10.1000/ABC.123')).toBe('10.1000/abc.123');
    expect(normalizeDoi('http://dx.doi.org/10.1000/X')).toBe('10.1000/x');
    expect(normalizeDoi('doi:10.1000/Y')).toBe('10.1000/y');
    expect(normalizeDoi(' 10.1000/z ')).toBe('10.1000/z');
  });
  it('rejects what is not a DOI', () => {
    expect(normalizeDoi('not a doi')).toBeUndefined();
    expect(normalizeDoi('')).toBeUndefined();
  });
});

describe('titleKey and titleSlug', () => {
  it('ignore case, accents and punctuation', () => {
    expect(titleKey('Möbius-Nets: A Study!')).toBe(titleKey('mobius nets a study'));
    expect(titleSlug('Möbius-Nets: A Study!')).toBe('mobius-nets-a-study');
  });
  it('cut long slugs at a word boundary', () => {
    const slug = titleSlug('Dataset Security for Machine Learning: Data Poisoning, Backdoor Attacks, and Defenses');
    expect(slug).toBe('dataset-security-for-machine-learning-data-poisoning-backdoor-attacks-and');
    expect(titleSlug('!!!')).toBe('untitled');
  });
});

describe('paper id precedence', () => {
  const base = { title: 'A Title' };
  it('own id first, reduced to the arXiv id or DOI when it is one', () => {
    expect(paperId({ ...base, ownId: 'lab-1', arxivId: '2101.00001', doi: '10.1000/x' })).toBe('lab-1');
    expect(paperId({ ...base, ownId: 'http://arxiv.org/abs/2101.00001v2' })).toBe('2101.00001');
    expect(paperId({ ...base, ownId: 'https://doi.org/10.1000/X' })).toBe('10.1000/x');
  });
  it('then arXiv id, then DOI, then the title slug', () => {
    expect(paperId({ ...base, arxivId: '2101.00001', doi: '10.1000/x' })).toBe('2101.00001');
    expect(paperId({ ...base, doi: '10.1000/x' })).toBe('10.1000/x');
    expect(paperId(base)).toBe('a-title');
  });
  it('applies through finishPaper: arXiv id found in a URL beats the DOI', () => {
    const p = finishPaper({ title: 'T', url: 'https://arxiv.org/abs/2101.00001v4', doi: '10.1000/X' }, { file: 'f' }) as Paper;
    expect([p.id, p.arxivId, p.doi]).toEqual(['2101.00001', '2101.00001', '10.1000/x']);
  });
});

describe('years and dates', () => {
  it('reads ISO dates and timestamps, or only the year', () => {
    expect(readDate('2003-07-07T13:46:39-04:00')).toEqual({ date: '2003-07-07', year: 2003 });
    expect(readDate('2020-05')).toEqual({ year: 2020 });
    expect(readDate('May 2019')).toEqual({ year: 2019 });
    expect(readDate('soon')).toEqual({});
  });
  it('takes the arXiv YYMM year only when the data gives no year and no date', () => {
    expect(arxivIdYear('2606.30776')).toBe(2026);
    expect(arxivIdYear('quant-ph/0210005')).toBeUndefined();
    const noDate = finishPaper({ title: 'T', arxivId: '2606.30776' }, { file: 'f' }) as Paper;
    expect(noDate.year).toBe(2026);
    const withYear = finishPaper({ title: 'T', arxivId: '2606.30776', year: 2025 }, { file: 'f' }) as Paper;
    expect(withYear.year).toBe(2025);
    const withDate = finishPaper({ title: 'T', arxivId: '2606.30776', date: '2025-12-30' }, { file: 'f' }) as Paper;
    expect([withDate.year, withDate.date]).toEqual([2025, '2025-12-30']);
  });
});
