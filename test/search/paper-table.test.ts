// Papers kept out of the heap: read back from a snapshot file or a build's spill file, with the same answers.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/papers/corpus.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { readSnapshot, writeSnapshot } from '../../src/search/snapshot-file.ts';
import { openIndex } from '../../src/search/snapshot.ts';
import { filterCandidates } from '../../src/search/constraints.ts';
import type { PostingStore } from '../../src/search/postings.ts';
import { parseQuery } from '../../src/search/query.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-records-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Counts the records an index reads from its paper table (private: reached here only to count). */
function countReads(index: SearchIndex): { reads: number } {
  const table = (index as unknown as { table: { paper: (doc: number) => Paper } }).table;
  const read = table.paper.bind(table);
  const counter = { reads: 0 };
  table.paper = (doc) => (counter.reads++, read(doc));
  return counter;
}

const QUERIES = ['robustness', 'backdoor attacks', '"adversarial examples"', 'madry year:2018-2020', 'author:madry robust', 'imagenet -robust'];
const view = (index: SearchIndex, q: string) => {
  const r = index.search(q, { limit: 20 });
  return { total: r.total, hits: r.hits.map((h) => ({ paper: h.paper, score: h.score, snippet: h.snippet, matches: h.matches })) };
};

describe('papers out of the heap', () => {
  it('a build that spills its papers to a file answers, saves and reloads as one that keeps them', async () => {
    const { papers } = await loadCorpus(['data/papers']);
    expect(papers.length).toBeGreaterThan(5);
    const kept = new SearchIndex(papers);
    const spilled = new SearchIndex(papers, { spillDir: join(dir, 'spill') });
    // The spill file is unlinked as soon as it is open: nothing is left in the folder.
    expect(readdirSync(join(dir, 'spill'))).toEqual([]);
    for (const q of QUERIES) expect(view(spilled, q)).toEqual(view(kept, q));
    expect(spilled.all()).toEqual(kept.all());
    expect(spilled.get(papers[3].id)).toEqual(papers[3]);

    await writeSnapshot(join(dir, 'a.pbix'), 'k', kept, []);
    await writeSnapshot(join(dir, 'b.pbix'), 'k', spilled, []);
    const a = (await readSnapshot(join(dir, 'a.pbix'), 'k')).index;
    const b = (await readSnapshot(join(dir, 'b.pbix'), 'k')).index;
    for (const q of [...QUERIES, papers[0].arxivId ?? papers[0].id]) {
      expect(view(a, q)).toEqual(view(kept, q));
      expect(view(b, q)).toEqual(view(kept, q));
    }
    expect(b.all()).toEqual(kept.all());
    expect(b.get(papers[5].id)).toEqual(papers[5]);
  });

  it('papers added after a snapshot is read sit next to the ones read from its file', async () => {
    const { papers } = await loadCorpus(['data/papers']);
    await writeSnapshot(join(dir, 'a.pbix'), 'k', new SearchIndex(papers.slice(0, 4)), []);
    const index = (await readSnapshot(join(dir, 'a.pbix'), 'k')).index;
    index.add(papers.slice(4));
    const whole = new SearchIndex(papers);
    for (const q of QUERIES) expect(view(index, q)).toEqual(view(whole, q));
    expect(index.all()).toEqual(papers);
  });

  it('openIndex leaves a snapshot\'s papers on disk by default, or reads them into memory', async () => {
    const cacheDir = join(dir, 'cache');
    await openIndex({ paths: ['data/papers'], cacheDir });
    const inMemory = await openIndex({ paths: ['data/papers'], cacheDir, papersInMemory: true });
    const onDisk = await openIndex({ paths: ['data/papers'], cacheDir });
    expect([inMemory.index.papersInMemory, onDisk.index.papersInMemory]).toEqual([true, false]);
    expect([inMemory.source, onDisk.source]).toEqual(['snapshot', 'snapshot']);
    const id = onDisk.index.search('robustness', { limit: 1 }).hits[0].paper.id;
    // Objects kept in memory are the same object every time; records read from the file are parsed afresh.
    expect(inMemory.index.get(id)).toBe(inMemory.index.get(id));
    expect(onDisk.index.get(id)).not.toBe(onDisk.index.get(id));
    expect(onDisk.index.get(id)).toEqual(inMemory.index.get(id));
    for (const q of QUERIES) expect(view(onDisk.index, q)).toEqual(view(inMemory.index, q));
    expect(onDisk.index.all()).toEqual(inMemory.index.all());
  });

  it('keeps each paper\'s date in the snapshot\'s catalog, so the library orders papers without reading records', async () => {
    const paper = (p: Pick<Paper, 'id' | 'title'> & Partial<Paper>): Paper => ({ authors: [], abstract: '', links: [], source: { file: 'test', line: 1 }, ...p });
    const dated = [
      paper({ id: 'a', title: 'Day', date: '2025-03-18', year: 2025 }),
      paper({ id: 'b', title: 'Month', date: '2024-07' }),
      paper({ id: 'c', title: 'Year only', year: 2023 }),
      paper({ id: 'd', title: 'Undated' }),
    ];
    await writeSnapshot(join(dir, 'd.pbix'), 'k', new SearchIndex(dated), []);
    const index = (await readSnapshot(join(dir, 'd.pbix'), 'k')).index;
    expect([0, 1, 2, 3].map((doc) => index.day(doc))).toEqual([20250318, 20240700, 20230000, 0]);
    expect([...index.ids()]).toEqual(['a', 'b', 'c', 'd']);
    expect(index.papersInMemory).toBe(false);
  });
});

describe('filters read few records', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'paperbot-filters-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const paper = (id: string, authors: string[], title: string): Paper => ({ id, title, authors, abstract: `${title}, studied at scale.`, links: [], source: { file: 'test', line: 1 } });

  it('author: with words reads only the records of papers holding the author\'s words; an initial still matches', async () => {
    const papers = [
      ...Array.from({ length: 200 }, (_, i) => paper(`p${i}`, [`Someone Else${i}`], `Diffusion models for images ${i}`)),
      paper('chen-1', ['Qifeng Chen'], 'Diffusion models for video'),
      paper('chen-2', ['Chen, Qifeng', 'Other Person'], 'Diffusion transformers'),
      paper('chen-other', ['Wei Chen'], 'Diffusion policies'),
    ];
    await writeSnapshot(join(dir, 'f.pbix'), 'k', new SearchIndex(papers), []);
    const index = (await readSnapshot(join(dir, 'f.pbix'), 'k')).index;
    const counter = countReads(index);
    const ids = (q: string) => index.search(q, { limit: 10 }).hits.map((h) => h.paper.id).sort();
    expect(ids('author:"qifeng chen" diffusion')).toEqual(['chen-1', 'chen-2']);
    // Checked: the three papers with "qifeng" and "chen" among their authors' words, then the page shown (twice read: rerank and page).
    expect(counter.reads).toBeLessThan(10);
    counter.reads = 0;
    expect(ids('author:"q chen" diffusion')).toEqual(['chen-1', 'chen-2']);
    expect(ids('author:"q chen"')).toEqual(['chen-1', 'chen-2']);
    expect(counter.reads).toBeLessThan(20);
  });

  it('a year range over a year of a million-paper corpus (more documents than a call takes arguments) lists them', () => {
    const year = Array.from({ length: 600_000 }, (_, d) => d);
    const docs = filterCandidates({} as PostingStore, new Map([[2026, year]]), parseQuery('year:2026'));
    expect(docs.length).toBe(600_000);
  });

  it('a year filter alone reads only the page it shows, newest date first', async () => {
    const dated = (i: number): Paper => ({ ...paper(`d${i}`, ['Someone'], `Study ${i}`), date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, year: 2025 });
    const papers = [...Array.from({ length: 300 }, (_, i) => dated(i)), { ...paper('old', ['Someone'], 'Old study'), year: 2019 }];
    await writeSnapshot(join(dir, 'y.pbix'), 'k', new SearchIndex(papers), []);
    const index = (await readSnapshot(join(dir, 'y.pbix'), 'k')).index;
    const counter = countReads(index);
    const results = index.search('year:2025', { limit: 5 });
    expect(results.total).toBe(300);
    expect(counter.reads).toBe(5);
    const dates = results.hits.map((h) => h.paper.date!);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe(papers.slice(0, 300).map((p) => p.date!).sort().at(-1));
  });
});
