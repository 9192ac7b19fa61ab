// JSON array and JSON Lines loaders: field names, broken lines and records, and the real BEIR / arXiv dumps.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadJsonLines, parseJsonText } from '../../src/papers/formats/json-records.ts';
import { readLines } from '../../src/papers/corpus-files.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe('parseJsonText on a JSON array', () => {
  const out = parseJsonText(readFileSync(fixture('records.json'), 'utf8'), 'records.json');

  it('maps id, title, abstract, authors, year, venue, url, pdf and a normalised DOI', () => {
    expect(out.papers[0]).toMatchObject({
      id: 'lab-001',
      title: 'Certified Robustness via Smoothing',
      abstract: 'We certify things.',
      authors: ['Ada Lovelace', 'Alan Turing'],
      year: 2019,
      venue: 'ICML',
      url: 'https://example.org/papers/lab-001',
      pdf: 'https://example.org/papers/lab-001.pdf',
      doi: '10.1000/abc.123',
      source: { file: 'records.json', record: 0 },
    });
    expect(out.papers[0].arxivId).toBeUndefined();
  });

  it('reads summary, {name} authors, published date, journal, and the arXiv id of an abs URL (used as id)', () => {
    expect(out.papers[1]).toMatchObject({
      id: '2103.01234',
      arxivId: '2103.01234',
      abstract: 'Summary field used as the abstract.',
      authors: ['Grace Hopper', 'Edsger Dijkstra'],
      date: '2021-03-04',
      year: 2021,
      venue: 'Journal of Examples',
      url: 'https://arxiv.org/abs/2103.01234v3',
    });
  });

  it('splits an author string, joins categories, and finds the arXiv id in an arXiv DOI', () => {
    expect(out.papers[2]).toMatchObject({
      id: '2001.00042',
      authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'],
      abstract: 'Text field used as the abstract.',
      venue: 'cs.LG, stat.ML',
      year: 2020,
      doi: '10.48550/arxiv.2001.00042',
      arxivId: '2001.00042',
    });
    expect(out.papers[2].date).toBeUndefined();
  });

  it('reports the record without a title and the non-object by record index, and loads the others', () => {
    expect(out.papers).toHaveLength(3);
    expect(out.issues).toEqual([
      { file: 'records.json', record: 2, message: 'missing title' },
      { file: 'records.json', record: 3, message: 'not a JSON object' },
    ]);
  });

  it('reports invalid JSON with its line', () => {
    const bad = parseJsonText('[\n  {"title": "ok"},\n  {"title": oops}\n]', 'bad.json');
    expect(bad.papers).toEqual([]);
    expect(bad.issues).toHaveLength(1);
    expect(bad.issues[0]).toMatchObject({ file: 'bad.json', line: 3 });
    expect(bad.issues[0].message).toMatch(/^invalid JSON/);
  });

  it('accepts an object holding a papers array, and reads JSON Lines saved as .json', () => {
    expect(parseJsonText('{"papers": [{"title": "Held"}]}', 'h.json').papers.map((p) => p.title)).toEqual(['Held']);
    const lines = parseJsonText('{"title": "One"}\n{"title": "Two"}\n', 'l.json');
    expect(lines.papers.map((p) => [p.title, p.source.line])).toEqual([
      ['One', 1],
      ['Two', 2],
    ]);
  });
});

describe('loadJsonLines', () => {
  it('reports the broken line with its number while the other lines load', async () => {
    const out = await loadJsonLines(readLines(fixture('records.jsonl')), 'records.jsonl');
    expect(out.papers.map((p) => [p.id, p.source.line])).toEqual([
      ['2101.00001', 1],
      ['2102.00002', 2],
      ['4983', 4],
      ['x-8', 8],
    ]);
    expect(out.issues.map((i) => [i.line, i.message.replace(/:.*/, '')])).toEqual([
      [3, 'invalid JSON'],
      [6, 'missing title'],
      [7, 'not a JSON object'],
    ]);
    expect(out.issues.every((i) => i.file === 'records.jsonl')).toBe(true);
  });

  it('reads an arXiv-dump record: categories as venue, listing date, YYMM year only without a date', async () => {
    const out = await loadJsonLines(readLines(fixture('records.jsonl')), 'records.jsonl');
    expect(out.papers[0]).toMatchObject({
      abstract: 'First record with hard line breaks.',
      venue: 'cs.CV',
      date: '2021-01-04',
      year: 2021,
      url: 'https://arxiv.org/abs/2101.00001',
      pdf: 'https://arxiv.org/pdf/2101.00001',
    });
    expect(out.papers[1]).toMatchObject({ year: 2021, arxivId: '2102.00002' });
    expect(out.papers[1].date).toBeUndefined();
    // A SciFact-style record: its own _id, no arXiv id, no year.
    expect(out.papers[2]).toMatchObject({ id: '4983', title: 'Line Four', abstract: 'A SciFact-shaped record.' });
    expect(out.papers[2].year).toBeUndefined();
  });
});

const SCIFACT = '../shared/data/external/beir-scifact/corpus.jsonl';
const DAILY = '../shared/data/external/arxiv-daily-cs/2026-07-01.jsonl';

describe.skipIf(!existsSync(SCIFACT))('BEIR SciFact corpus', () => {
  it('loads all 5,183 abstracts with their _id and no issue', async () => {
    const out = await loadJsonLines(readLines(SCIFACT), SCIFACT);
    expect(out.issues).toEqual([]);
    expect(out.papers).toHaveLength(5183);
    expect(out.papers.find((p) => p.id === '4983')?.title).toMatch(/^Microstructural development of human newborn/);
  });
});

describe.skipIf(!existsSync(DAILY))('arXiv daily listing sample', () => {
  it('loads every line with authors, categories and hard breaks collapsed', async () => {
    const out = await loadJsonLines(readLines(DAILY), DAILY);
    expect(out.issues).toEqual([]);
    expect(out.papers).toHaveLength(371);
    const first = out.papers[0];
    expect(first).toMatchObject({ id: '2606.30776', arxivId: '2606.30776', venue: 'cs.GT', year: 2026, authors: ['Batya Berzack', 'Rotem Oshman', 'Inbal Talgam-Cohen'] });
    expect(first.abstract).not.toMatch(/\n|\s{2}/);
  });
});
