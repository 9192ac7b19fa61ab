// arXiv API Atom feeds: a hand-written fixture, the error feed, and the real samples in ../shared when present.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/papers/formats/arxiv-atom.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe('parseArxivAtom on a hand-written feed', () => {
  const out = parseArxivAtom(readFileSync(fixture('arxiv-feed.xml'), 'utf8'), 'feed.xml');

  it('reads totalResults for paging', () => {
    expect(out.totalResults).toBe(1234);
  });

  it('drops the version from the id, collapses hard-wrapped title and summary, keeps the links given', () => {
    expect(out.papers[0]).toEqual({
      id: '2101.00010',
      arxivId: '2101.00010',
      title: 'Robust Models Are Hard-Wrapped: A Study of Line Breaks in Titles',
      abstract: 'We study hard-wrapped abstracts. Code is at https://github.com/example/wrapped .',
      authors: ['Ada Lovelace', 'Alan Turing'],
      venue: 'cs.LG',
      date: '2021-01-04',
      year: 2021,
      url: 'http://arxiv.org/abs/2101.00010v2',
      pdf: 'http://arxiv.org/pdf/2101.00010v2',
      links: [{ kind: 'code', url: 'https://github.com/example/wrapped' }],
      source: { file: 'feed.xml', record: 0 },
    });
  });

  it('reads old-style ids, journal_ref as venue and the DOI', () => {
    expect(out.papers[1]).toMatchObject({
      id: 'quant-ph/0210005',
      venue: 'J. Old Ids 1 (2002) 1-2',
      doi: '10.1000/old.style',
      year: 2002,
      url: 'http://arxiv.org/abs/quant-ph/0210005v1',
    });
  });

  it('reports the entry without a title by its index', () => {
    expect(out.papers).toHaveLength(2);
    expect(out.issues).toEqual([{ file: 'feed.xml', record: 2, message: 'entry http://arxiv.org/abs/2101.00011v1: missing title' }]);
  });
});

describe('parseArxivAtom on bad input', () => {
  it('turns the API error feed into an issue, not a paper', () => {
    const out = parseArxivAtom(readFileSync(fixture('arxiv-error.xml'), 'utf8'), 'err.xml');
    expect(out.papers).toEqual([]);
    expect(out.issues).toEqual([{ file: 'err.xml', record: 0, message: 'arXiv API error: incorrect id format for 9999.99999' }]);
  });

  it('reports malformed XML with its line', () => {
    const out = parseArxivAtom('<feed>\n<entry>\n<title>x</entry>\n</feed>', 'bad.xml');
    expect(out.papers).toEqual([]);
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]).toMatchObject({ file: 'bad.xml', line: 3 });
    expect(out.issues[0].message).toMatch(/^invalid XML: /);
  });

  it('reports XML that is not a feed', () => {
    expect(parseArxivAtom('<rss><channel/></rss>', 'r.xml').issues).toEqual([{ file: 'r.xml', message: 'not an Atom feed (no <feed> root element)' }]);
  });
});

const API = '../shared/data/external/arxiv-api-format';

describe.skipIf(!existsSync(API))('the real arXiv API samples', () => {
  const read = (name: string) => parseArxivAtom(readFileSync(`${API}/${name}`, 'utf8'), name);

  it('reads the 10-entry "all:science" response', () => {
    const out = read('arxiv_api_query_all_science_max10_2019-08-10.xml');
    expect(out.issues).toEqual([]);
    expect(out.totalResults).toBe(120839);
    expect(out.papers).toHaveLength(10);
    expect(out.papers.map((p) => p.id)).toContain('quant-ph/0210005');
    const garik = out.papers.find((p) => p.doi === '10.1007/s11191-014-9716-8');
    expect(garik?.venue).toBe('Science & Education, September 2014, 23(9): 1853-1873');
    expect(garik?.authors).toContain('Yann Benétreau-Dupin');
    for (const p of out.papers) expect(p.title).not.toMatch(/\n|\s{2}/);
  });

  it('reads the manual example with its journal_ref and turns the error example into an issue', () => {
    expect(read('api_user_manual_example_all_electron.xml').papers[0]).toMatchObject({ id: 'hep-ex/0307015', venue: 'Eur.Phys.J. C31 (2003) 17-29', authors: ['H1 Collaboration'] });
    const err = read('api_user_manual_example_error.xml');
    expect(err.papers).toEqual([]);
    expect(err.issues).toEqual([{ file: 'api_user_manual_example_error.xml', record: 0, message: 'arXiv API error: incorrect id format for 1234.12345' }]);
  });
});
