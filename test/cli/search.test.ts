import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';
import { corpusKey } from '../../src/search/snapshot.ts';

const PAPERS = join(import.meta.dirname, 'fixtures', 'search-papers.jsonl');

// Snapshots go to a temp folder, never to the user's data/.cache.
let cacheDir: string;
beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'paperbot-cli-cache-'));
  vi.stubEnv('INDEX_CACHE_PATH', cacheDir);
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('paperbot search', () => {
  it('prints exactly the documented JSON shape', async () => {
    const { code, out } = await cli('search', 'backdoor attacks', '--json', '--limit', '1', '--papers', PAPERS);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['query', 'total', 'results']);
    expect(json.query).toBe('backdoor attacks');
    expect(json.total).toBe(2);
    expect(json.results).toHaveLength(1);
    const [r] = json.results;
    expect(Object.keys(r)).toEqual(['id', 'title', 'authors', 'venue', 'year', 'url', 'score', 'snippet', 'matches']);
    expect(r).toMatchObject({ id: 'rec-1', title: 'Spectral Signatures in Backdoor Attacks', venue: 'NeurIPS', year: 2018, url: null });
    expect(r.snippet).toContain('**Backdoor** **attacks**');
    expect(r.matches).toEqual({ backdoor: ['title', 'abstract'], attacks: ['title', 'abstract'] });
  });

  it('fills null for missing venue and a URL from the arXiv id', async () => {
    const { out } = await cli('search', 'subpopulation', '--json', '--limit', '5', '--papers', PAPERS);
    const byId = Object.fromEntries(JSON.parse(out).results.map((r: { id: string }) => [r.id, r]));
    expect(byId['rec-4'].venue).toBeNull();
    expect(byId['rec-3'].url).toBe('https://arxiv.org/abs/2008.04859');
  });

  it('prints a readable ranked list', async () => {
    const { code, out } = await cli('search', 'robustness', '--papers', PAPERS);
    expect(code).toBe(0);
    expect(out).toMatch(/^2 papers for "robustness"/);
    expect(out).toContain('1. ');
    expect(out).toContain('Shibani Santurkar, Dimitris Tsipras, Aleksander Madry · ICLR · 2021');
    expect(out).toContain('**robustness**');
    expect(out).toContain('https://arxiv.org/abs/2008.04859');
  });

  it('says when nothing matches and suggests a correction', async () => {
    const { code, out } = await cli('search', 'subpopulatoin shiftt', '--papers', PAPERS);
    expect(code).toBe(0);
    // Both words are misspelt but within reach of the fuzzy fallback, so this one still finds papers.
    expect(out).toMatch(/papers? for/);
    // 3 edits from "robustness": beyond the fuzzy fallback's 2 for an 11-letter word, within a suggestion's reach.
    const none = await cli('search', 'robustnezzz', '--papers', PAPERS);
    expect(none.out).toContain('No papers match "robustnezzz"');
    expect(none.out).toContain('Did you mean: "robustness"');
  });

  it('runs a batch of JSON-line queries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperbot-batch-'));
    const queries = join(dir, 'queries.jsonl');
    writeFileSync(queries, ['{"_id": "q1", "text": "backdoor attacks"}', '{"_id": 7, "text": "subpopulation shift"}', '', 'not json', '{"_id": "q3", "text": "zzzz"}'].join('\n'));
    const { code, out, err } = await cli('search', '--papers', PAPERS, '--batch', queries, '--limit', '10', '--json');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['q1', 7, 'q3']);
    expect(lines[0].results).toEqual(['rec-1', 'rec-2']);
    expect(lines[1].results.slice(0, 2).sort()).toEqual(['rec-3', 'rec-4']);
    expect(lines[2].results).toEqual([]);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['id', 'results', 'took_ms']);
      expect(typeof l.took_ms).toBe('number');
    }
    expect(err).toContain('queries.jsonl:4: expected a JSON object with "_id" and "text"');
    expect(code).toBe(1);
  });

  it('reports user mistakes in one line, without a stack trace', async () => {
    const cases = [
      [['search', '--papers', PAPERS], 'missing query'],
      [['search', 'x', '--limit', 'ten', '--papers', PAPERS], '--limit must be a whole number'],
      [['search', 'x', '--bogus'], 'unknown option --bogus (see paperbot help)'],
      [['search', '--batch', '/no/such/file.jsonl', '--papers', PAPERS], 'cannot read /no/such/file.jsonl'],
      [['search', 'x', '--papers', '/no/such/dir'], 'no papers found in /no/such/dir'],
    ] as const;
    for (const [argv, message] of cases) {
      const { code, err } = await cli(...argv);
      expect(code).toBeGreaterThan(0);
      expect(err).toContain(message);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  it('accepts a query with exclusions after --', async () => {
    const { out } = await cli('search', '--json', '--papers', PAPERS, '--', 'backdoor', '-survey');
    expect(JSON.parse(out).results.map((r: { id: string }) => r.id)).toEqual(['rec-1']);
  });
});

describe('snapshots of --papers corpora', () => {
  it('gives a --papers corpus its own snapshot, kept beside the others and read the next time', async () => {
    const other = join(mkdtempSync(join(tmpdir(), 'paperbot-cli-other-')), 'other.jsonl');
    writeFileSync(other, JSON.stringify({ id: 'z1', title: 'Zebrafish robustness atlas', abstract: 'Fins.' }) + '\n');
    const mine = join(cacheDir, `index-${await corpusKey([PAPERS])}.pbix`);
    const theirs = join(cacheDir, `index-${await corpusKey([other])}.pbix`);
    // A relative path files the snapshot under the absolute one, as PAPERS_PATH does for the bot.
    expect((await cli('search', 'robustness', '--papers', relative(process.cwd(), PAPERS))).code).toBe(0);
    expect(statSync(mine).size).toBeGreaterThan(0);
    expect(readdirSync(cacheDir)).not.toContain(`index-${await corpusKey([relative(process.cwd(), PAPERS)])}.pbix`);
    expect((await cli('search', 'zebrafish', '--json', '--papers', other)).out).toContain('"z1"');
    expect(readdirSync(cacheDir)).toEqual(expect.arrayContaining([`index-${await corpusKey([PAPERS])}.pbix`, `index-${await corpusKey([other])}.pbix`]));
    // Read, not rebuilt: reading marks the snapshot as used, rebuilding would replace the file.
    const old = new Date(Date.now() - 3600_000);
    utimesSync(mine, old, old);
    const inode = statSync(mine).ino;
    expect((await cli('similar', 'rec-3', '--papers', PAPERS)).code).toBe(0);
    expect(statSync(mine).mtimeMs).toBeGreaterThan(old.getTime() + 60_000);
    expect(statSync(mine).ino).toBe(inode);
    expect(statSync(theirs).size).toBeGreaterThan(0);
  });

  it('writes no snapshot with INDEX_CACHE_PATH=off', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'paperbot-cli-off-'));
    const file = join(folder, 'papers.jsonl');
    copyFileSync(PAPERS, file);
    writeFileSync(file, JSON.stringify({ id: 'off-1', title: 'Uncached corpus', abstract: 'Kept nowhere.' }) + '\n', { flag: 'a' });
    vi.stubEnv('INDEX_CACHE_PATH', 'off');
    try {
      expect((await cli('search', 'uncached', '--papers', file)).code).toBe(0);
    } finally {
      vi.stubEnv('INDEX_CACHE_PATH', cacheDir);
    }
    expect(readdirSync(cacheDir)).not.toContain(`index-${await corpusKey([file])}.pbix`);
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('paperbot similar', () => {
  it('lists related papers without the paper itself', async () => {
    const { code, out } = await cli('similar', 'rec-3', '--json', '--papers', PAPERS);
    expect(code).toBe(0);
    const ids = JSON.parse(out).results.map((r: { id: string }) => r.id);
    expect(ids[0]).toBe('rec-4');
    expect(ids).not.toContain('rec-3');
  });

  it('accepts a pasted arXiv id, and rejects an unknown id', async () => {
    const byArxiv = await cli('similar', 'arXiv:2008.04859', '--papers', PAPERS);
    expect(byArxiv.out).toContain('Papers like "BREEDS: Benchmarks for Subpopulation Shift"');
    const unknown = await cli('similar', 'nope', '--papers', PAPERS);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no paper with id "nope"');
  });
});
