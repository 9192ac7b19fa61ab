// `paperbot corpus enrich` against loopback arXiv (real Atom) and Crossref stand-ins: a title match that needs the
// profile owner, an ambiguous title that is not applied, a miss, a failed lookup that is retried, each paper asked
// once, and the stored result used by the bot at start (year filter, arXiv id lookup).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaperbot } from '../../src/app.ts';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import { ArxivClient } from '../../src/feeds/arxiv-client.ts';
import { systemClock } from '../../src/feeds/clock.ts';
import { enrichedPaper } from '../../src/library/enriched.ts';
import { CrossrefClient } from '../../src/links/crossref.ts';
import { enrichLibrary, fillable, hasAuthor, profileOwner, titleSimilarity } from '../../src/links/enrich.ts';
import { loadCorpus } from '../../src/papers/corpus.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { memoryLog } from '../digests/harness.ts';
import { fixture, haveArxivFixture, LookupServers } from './lookup-servers.ts';

const NEYMAN = 'Comment: The 2005 Neyman Lecture: Dynamic Indeterminism in Science';
const TWICE = 'Hand-Written Fixture: A Title Published Twice';
/** A profile export's records: the owner is the only author, no years, no ids. */
const LIBRARY = [
  { id: 'neyman-comment', title: NEYMAN, authors: ['Yang, Grace L.'], abstract: 'A comment on the 2005 Neyman lecture.' },
  { id: 'published-twice', title: TWICE, authors: ['Yang, Grace L.'], abstract: 'A paper Crossref lists twice.' },
  { id: 'nobody-has-it', title: 'A Study Nobody Has Indexed Anywhere', authors: ['Yang, Grace L.'], abstract: 'Unknown.' },
  { id: 'data-science', title: 'Defining Data Science', authors: ['Yang, Grace L.'], abstract: 'Same title as an arXiv paper by other people.' },
];

let dir: string;
let servers: LookupServers;
let store: Store;
let papers: Paper[];
const sleeps: number[] = [];

const clients = () => ({
  arxiv: new ArxivClient({ apiUrl: servers.env.ARXIV_API_URL, clock: systemClock, sleep: async (ms) => void sleeps.push(ms) }),
  crossref: new CrossrefClient({ apiUrl: servers.env.CROSSREF_API_URL, mailto: 'lab@example.org' }),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-enrich-'));
  writeFileSync(join(dir, 'lab.jsonl'), LIBRARY.map((p) => JSON.stringify(p)).join('\n'));
  papers = (await loadCorpus([join(dir, 'lab.jsonl')])).papers;
  servers = await new LookupServers().start();
  servers.crossrefSearch.set(TWICE, fixture('crossref-search-ambiguous.json'));
  store = openStore(join(dir, 'bot.db'));
});
afterAll(async () => {
  await store?.close();
  await servers?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('matching rules', () => {
  it('title similarity is normalised (case, accents, punctuation) and 0.95 refuses a different word', () => {
    expect(titleSimilarity('BREEDS: Benchmarks for Subpopulation Shift', 'breeds benchmarks for subpopulation shift.')).toBe(1);
    expect(titleSimilarity('Spectral Signatures in Backdoor Attacks', 'Spectral Signatures in Backdoor Defenses')).toBeLessThan(0.95);
  });

  it('the owner is found by surname and initial, in either name order, accents folded', () => {
    expect(hasAuthor(['Aleksander Mądry'], 'Madry, Aleksander')).toBe(true);
    expect(hasAuthor(['A. Madry'], 'Aleksander Madry')).toBe(true);
    expect(hasAuthor(['Bertrand Madry'], 'Aleksander Madry')).toBe(false);
    expect(profileOwner(papers)).toBe('Yang, Grace L.');
  });

  it('fills only what is missing and never overwrites a given field', () => {
    const paper = { ...papers[0], year: 2001, venue: 'Statistical Science' };
    const found = { ...papers[0], arxivId: '0808.0638', year: 2008, doi: '10.1214/07-sts246a', authors: ['Grace L. Yang', 'Someone Else'], venue: 'Other' };
    const fields = fillable(paper, found, undefined);
    expect(fields.map((f) => f.field).sort()).toEqual(['arxivId', 'authors', 'doi']);
    expect(fields.every((f) => f.source === 'arxiv:0808.0638')).toBe(true);
    expect(enrichedPaper(paper, [{ field: 'year', value: 2008, source: 'x' }])).toBeUndefined();
  });
});

describe.skipIf(!haveArxivFixture)('paperbot corpus enrich', () => {
  it('matches by title with the owner among the authors, leaves an ambiguous title alone, and reports misses', async () => {
    const report = await enrichLibrary({ papers, owner: 'Grace L. Yang', ...clients(), store: store.enrichments, clock: systemClock });
    expect(report).toMatchObject({ considered: 4, enriched: 1, ambiguous: 1, unmatched: 2, failed: 0 });
    const outcomes = await store.enrichments.outcomes();
    // Two arXiv entries carry this exact title; only one lists the owner.
    expect(outcomes.get('neyman-comment')).toMatchObject({ status: 'enriched' });
    const fields = (await store.enrichments.fields()).get('neyman-comment')!;
    expect(Object.fromEntries(fields.map((f) => [f.field, f.value]))).toMatchObject({ arxivId: '0808.0638', doi: '10.1214/07-sts246a', year: 2008, date: '2008-08-05' });
    expect(fields.every((f) => f.source === 'arxiv:0808.0638')).toBe(true);
    // Crossref lists two works with this title, both by the owner: nothing is applied.
    expect(outcomes.get('published-twice')).toMatchObject({ status: 'ambiguous' });
    expect(outcomes.get('published-twice')!.detail).toContain('10.5555/fixture.2020.1');
    expect((await store.enrichments.fields()).has('published-twice')).toBe(false);
    // Same title on arXiv, but by other people: not this profile's paper.
    expect(outcomes.get('data-science')).toMatchObject({ status: 'unmatched' });
    expect(outcomes.get('data-science')!.detail).toContain('without Grace L. Yang');
    // Crossref was asked politely; arXiv requests waited their turn.
    expect(servers.of('crossref').every((r) => r.url.searchParams.get('mailto') === 'lab@example.org')).toBe(true);
    expect(sleeps.length).toBe(servers.of('arxiv').length - 1);
  });

  it('asks about each paper once: a second run makes no request', async () => {
    const before = servers.requests.length;
    const report = await enrichLibrary({ papers, owner: 'Grace L. Yang', ...clients(), store: store.enrichments, clock: systemClock });
    expect(report).toMatchObject({ skipped: 4, enriched: 0 });
    expect(servers.requests.length).toBe(before);
  });

  it('a failed lookup is not recorded, so the next run asks again', async () => {
    const other = openStore(join(dir, 'failing.db'));
    try {
      servers.failing.set('crossref', 'error');
      const failed = await enrichLibrary({ papers: papers.slice(1, 2), owner: 'Grace L. Yang', ...clients(), store: other.enrichments, clock: systemClock });
      expect(failed).toMatchObject({ failed: 1, ambiguous: 0 });
      expect((await other.enrichments.outcomes()).size).toBe(0);
      servers.failing.delete('crossref');
      const retried = await enrichLibrary({ papers: papers.slice(1, 2), owner: 'Grace L. Yang', ...clients(), store: other.enrichments, clock: systemClock });
      expect(retried).toMatchObject({ failed: 0, ambiguous: 1 });
    } finally {
      servers.failing.clear();
      await other.close();
    }
  });

  it('corpus check shows what was enriched and what was ambiguous', async () => {
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) } } as any;
    const saved = process.env.DATABASE_PATH;
    process.env.DATABASE_PATH = join(dir, 'bot.db');
    try {
      await main(['corpus', 'check', join(dir, 'lab.jsonl')], io);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_PATH;
      else process.env.DATABASE_PATH = saved;
    }
    const text = out.join('');
    expect(text).toMatch(/\+ enriched\s+Comment: The 2005 Neyman Lecture.*arxivId, doi, year, date from arXiv 0808\.0638/);
    expect(text).toMatch(/\? ambiguous\s+Hand-Written Fixture: A Title Published Twice: 2 works fit/);
  });

  it('the bot applies the stored results at start: year filters and arXiv ids find the enriched paper', async () => {
    await store.close();
    const config = loadConfig({ PAPERS_PATH: join(dir, 'lab.jsonl'), DATABASE_PATH: join(dir, 'bot.db'), INDEX_CACHE_PATH: 'off', ...servers.env });
    const bot = await startPaperbot({ config, log: memoryLog().log, input: new PassThrough(), output: new PassThrough(), banner: false, feeds: { watchCorpus: false }, exit: () => {} });
    try {
      await bot.ready;
      const byYear = bot.library.index.search('year:2008', { limit: 5 });
      expect(byYear.hits.map((h) => h.paper.id)).toEqual(['neyman-comment']);
      const byId = bot.library.index.search('0808.0638', { limit: 1 });
      expect(byId.lookup && byId.hits[0]?.paper.id).toBe('neyman-comment');
      // The ambiguous paper stays as the library file gave it.
      expect(bot.library.get('published-twice')?.year).toBeUndefined();
    } finally {
      await bot.shutdown.run('test');
      store = openStore(join(dir, 'bot.db'));
    }
  });
});
