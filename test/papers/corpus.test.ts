// loadCorpus: folders, format choice, gzip, missing paths, duplicates across files and per-file stats.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/papers/corpus.ts';
import { loadCorpus as fromIndex, parseArxivAtom, paperUrl } from '../../src/papers/index.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe('loadCorpus on the seed', () => {
  it('loads data/papers by default: 10 papers of Aleksander Madry, clean, the curated metadata merged into each', async () => {
    const corpus = await loadCorpus([]);
    expect(corpus.papers).toHaveLength(10);
    expect(corpus.issues).toEqual([]);
    expect(corpus.files).toEqual([
      { file: 'data/papers/madry-profile.txt', format: 'profile', papers: 10, issues: 0 },
      { file: 'data/papers/madry-profile.verified.jsonl', format: 'jsonl', papers: 10, issues: 0 },
    ]);
    // Every curated record found its profile paper by title: none is left over as a paper without an abstract.
    expect(corpus.duplicates.map((d) => [d.reason, d.file])).toEqual(Array(10).fill(['title', 'data/papers/madry-profile.verified.jsonl']));
    for (const p of corpus.papers) {
      expect(p.source.file).toBe('data/papers/madry-profile.txt');
      expect(p.abstract.length).toBeGreaterThan(200);
      expect(p.arxivId).toMatch(/^\d{4}\.\d{5}$/);
      expect(p.year).toBeGreaterThanOrEqual(2018);
      expect(p.authors.length).toBeGreaterThanOrEqual(3);
      expect(p.authors).toContain('Aleksander Madry');
      expect(p.url).toBe(`https://arxiv.org/abs/${p.arxivId}`);
    }
  });

  it('keeps the profile paper\'s id and abstract, and takes the curated co-authors, arXiv id, date and venue', async () => {
    const corpus = await loadCorpus([]);
    const transfer = corpus.papers.find((p) => p.arxivId === '2007.08489')!;
    expect(transfer).toMatchObject({
      id: 'do-adversarially-robust-imagenet-models-transfer-better',
      title: 'Do Adversarially Robust ImageNet Models Transfer Better?',
      authors: ['Hadi Salman', 'Andrew Ilyas', 'Logan Engstrom', 'Ashish Kapoor', 'Aleksander Madry'],
      year: 2020,
      date: '2020-07-16',
      venue: 'NeurIPS 2020',
    });
    expect(transfer.abstract).toMatch(/^Transfer learning is a widely-used paradigm/);
    // A venue the profile already names (not an arXiv listing) is kept.
    expect(corpus.papers.find((p) => p.arxivId === '1811.00636')?.venue).toBe('Neural Information Processing Systems');
    // Where no venue could be verified, the profile's arXiv listing stays.
    expect(corpus.papers.find((p) => p.arxivId === '2202.00622')?.venue).toBe('arXiv.org Machine Learning');
  });

  it('is the same function through src/papers/index.ts, which also exports the Atom parser and paperUrl', () => {
    expect(fromIndex).toBe(loadCorpus);
    expect(typeof parseArxivAtom).toBe('function');
    expect(typeof paperUrl).toBe('function');
  });
});

describe('loadCorpus on a folder tree', async () => {
  const corpus = await loadCorpus([fixture('tree')]);
  const rel = (f: string) => f.slice(fixture('tree').length + 1);

  it('reads folders recursively in name order, sniffing .txt files, skipping dotfiles', () => {
    expect(corpus.files.map((f) => [rel(f.file), f.format, f.papers])).toEqual([
      ['a.jsonl', 'jsonl', 1],
      ['nested/b.bib', 'bibtex', 1],
      ['nested/c.txt', 'profile', 1],
      ['nested/d.txt', 'jsonl', 1],
    ]);
    expect(corpus.papers.map((p) => p.title)).toEqual(['Tree A', 'Tree B', 'Tree C', 'Tree D']);
    expect(corpus.papers.find((p) => p.title === 'Tree C')?.authors).toEqual(['Richard Roe']);
  });

  it('notes files of unknown type without making them issues', () => {
    expect(corpus.issues).toEqual([]);
    expect(corpus.skipped.map((s) => [rel(s.file), s.reason])).toEqual([['notes.md', 'unknown file type ".md"']]);
  });
});

describe('loadCorpus with gzip and bad paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .jsonl.gz, .json.gz and .txt.gz transparently', async () => {
    writeFileSync(join(dir, 'a.jsonl.gz'), gzipSync(readFileSync(fixture('records.jsonl'))));
    writeFileSync(join(dir, 'b.json.gz'), gzipSync(readFileSync(fixture('records.json'))));
    writeFileSync(join(dir, 'c.txt.gz'), gzipSync(readFileSync('data/papers/madry-profile.txt')));
    const corpus = await loadCorpus([join(dir, 'a.jsonl.gz'), join(dir, 'b.json.gz'), join(dir, 'c.txt.gz')]);
    expect(corpus.files.map((f) => [f.format, f.papers, f.issues])).toEqual([
      ['jsonl', 4, 3],
      ['json', 3, 2],
      ['profile', 10, 0],
    ]);
    // The broken JSONL line keeps its line number through gzip.
    expect(corpus.issues[0]).toMatchObject({ file: join(dir, 'a.jsonl.gz'), line: 3 });
  });

  it('reports an unreadable gzip as one issue for the file and loads the rest', async () => {
    writeFileSync(join(dir, 'broken.jsonl.gz'), 'this is not gzip');
    const corpus = await loadCorpus([join(dir, 'broken.jsonl.gz'), 'data/papers']);
    expect(corpus.issues).toHaveLength(1);
    expect(corpus.issues[0].file).toBe(join(dir, 'broken.jsonl.gz'));
    expect(corpus.issues[0].message).toMatch(/^unreadable gzip: /);
    expect(corpus.files[0]).toMatchObject({ papers: 0, issues: 1 });
    expect(corpus.papers).toHaveLength(10);
  });

  it('reports a gzip cut off midway as one issue for the file', async () => {
    const whole = gzipSync(readFileSync(fixture('records.jsonl')));
    writeFileSync(join(dir, 'cut.jsonl.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
    const corpus = await loadCorpus([join(dir, 'cut.jsonl.gz')]);
    expect(corpus.issues).toEqual([{ file: join(dir, 'cut.jsonl.gz'), message: 'unreadable gzip: unexpected end of file' }]);
    expect(corpus.files).toEqual([{ file: join(dir, 'cut.jsonl.gz'), format: 'jsonl', papers: 0, issues: 1 }]);
  });

  it('reports a missing path as an issue instead of throwing', async () => {
    const corpus = await loadCorpus(['no/such/folder', 'data/papers']);
    expect(corpus.issues).toEqual([{ file: 'no/such/folder', message: 'no such file or folder' }]);
    expect(corpus.papers).toHaveLength(10);
  });
});

describe('duplicates across files', async () => {
  const corpus = await loadCorpus([fixture('dups')]);
  const byTitle = (t: RegExp) => corpus.papers.filter((p) => t.test(p.title));

  it('merges by arXiv id, DOI and normalised title, keeping the first and recording each merge', () => {
    expect(corpus.duplicates.map((d) => [d.reason, d.kept, d.dropped, d.file.split('/').pop()])).toEqual([
      ['arxiv', '2006.14651', '2006.14651', 'b-second.json'],
      ['doi', 'lab-7', '10.1000/dup.7', 'b-second.json'],
      ['title', 'lab-8', 'mobius-title-match', 'b-second.json'],
      ['arxiv', '2006.14651', '2006.14651', 'c-third.bib'],
    ]);
    expect(corpus.duplicates[0]).toMatchObject({ record: 0 });
    expect(corpus.duplicates[3]).toMatchObject({ line: 1 });
  });

  it('fills the kept paper\'s missing fields from later copies', () => {
    const [breeds] = byTitle(/^BREEDS/);
    expect(breeds).toMatchObject({
      id: '2006.14651',
      abstract: 'We develop a methodology for assessing robustness to subpopulation shift.',
      venue: 'ICLR',
      // The first copy's year (from its arXiv id, 2006 -> 2020) is kept; only missing fields are filled.
      year: 2020,
      url: 'https://arxiv.org/abs/2006.14651v2',
      links: [{ kind: 'code', url: 'https://github.com/MadryLab/BREEDS-Benchmarks' }],
      source: { line: 1 },
    });
    expect(byTitle(/^Deep Nets and DOIs$/)[0].venue).toBe('Journal of DOIs');
    expect(byTitle(/^Möbius Title Match$/)[0].venue).toBe('Title Venue');
  });

  it('keeps same-titled papers with different abstracts apart', () => {
    expect(byTitle(/^Summary$/).map((p) => p.id)).toEqual(['lab-9', 'summary']);
  });

  it('renames a different paper that reuses an id, and reports it', () => {
    expect(byTitle(/Reusing an Id/)[0].id).toBe('lab-7-2');
    expect(corpus.issues).toHaveLength(1);
    expect(corpus.issues[0]).toMatchObject({ record: 4 });
    expect(corpus.issues[0].message).toMatch(/^id "lab-7" is already used by "Deep Nets and DOIs"/);
    expect(corpus.files.map((f) => [f.format, f.papers, f.issues])).toEqual([
      ['jsonl', 4, 0],
      ['json', 5, 1],
      ['bibtex', 1, 0],
    ]);
  });

  it('keeps every record apart with dedupe off, ids still unique', async () => {
    const raw = await loadCorpus([fixture('dups')], { dedupe: false });
    expect(raw.duplicates).toEqual([]);
    expect(raw.papers).toHaveLength(10);
    expect(new Set(raw.papers.map((p) => p.id)).size).toBe(10);
  });
});
