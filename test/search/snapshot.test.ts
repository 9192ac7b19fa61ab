import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import { corpusKey, openIndex, SNAPSHOT_VERSION, workerHeapMb } from '../../src/search/snapshot.ts';
import { createLog } from '../../src/log.ts';
import { loadConfig } from '../../src/config.ts';
import type { Paper } from '../../src/papers/paper.ts';

let dir: string;
let papersDir: string;
let cacheDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-snapshot-'));
  papersDir = join(dir, 'papers');
  cacheDir = join(dir, 'cache');
  rmSync(papersDir, { recursive: true, force: true });
  mkdirSync(papersDir);
  copyFileSync('data/papers/madry-profile.txt', join(papersDir, 'madry-profile.txt'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const view = (r: ReturnType<Awaited<ReturnType<typeof openIndex>>['index']['search']>) =>
  r.hits.map((h) => ({ id: h.paper.id, score: h.score, snippet: h.snippet, matches: h.matches }));

function memoryLog() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(JSON.parse(String(chunk))), cb()) });
  return { log: createLog('debug', sink), lines };
}

describe('index snapshots', () => {
  it('builds and saves once, then starts from the snapshot with identical answers', async () => {
    const first = await openIndex({ paths: [papersDir], cacheDir });
    expect(first.source).toBe('built');
    expect(readdirSync(cacheDir)).toEqual([`index-${first.key}.pbix`]);
    const second = await openIndex({ paths: [papersDir], cacheDir });
    expect(second.source).toBe('snapshot');
    expect(second.key).toBe(first.key);
    expect(second.index.size).toBe(10);
    for (const q of ['robustness', 'backdoor attacks', 'robustnes', '"data poisoning"', 'author:madry -spectral']) {
      expect(view(second.index.search(q, { limit: 10 }))).toEqual(view(first.index.search(q, { limit: 10 })));
    }
    expect(second.index.similar(first.index.all()[0].id).hits.map((h) => h.paper.id)).toEqual(first.index.similar(first.index.all()[0].id).hits.map((h) => h.paper.id));
  });

  it('is keyed by content: a new corpus file is indexed, and the old snapshot kept for the old content', async () => {
    const first = await openIndex({ paths: [papersDir], cacheDir });
    appendFileSync(join(papersDir, 'extra.jsonl'), JSON.stringify({ id: 'x1', title: 'Zebrafish robustness atlas', abstract: 'Zebrafish fins regrow.' }) + '\n');
    expect(await corpusKey([papersDir])).not.toBe(first.key);
    const second = await openIndex({ paths: [papersDir], cacheDir });
    expect(second.source).toBe('built');
    expect(second.index.search('zebrafish').hits[0]?.paper.id).toBe('x1');
    expect(readdirSync(cacheDir).sort()).toEqual([`index-${first.key}.pbix`, `index-${second.key}.pbix`].sort());
  });

  it('is keyed by bytes: a file edited in place (same name, size and mtime) is re-indexed', async () => {
    const extra = join(papersDir, 'extra.jsonl');
    const record = (title: string) => JSON.stringify({ id: 'x1', title, abstract: 'Fins regrow.' }) + '\n';
    const stamp = new Date('2025-01-01T00:00:00Z');
    writeFileSync(extra, record('Zebrafish fin atlas'));
    utimesSync(extra, stamp, stamp);
    const first = await openIndex({ paths: [papersDir], cacheDir });
    expect(first.index.search('zebrafish').total).toBe(1);
    const before = statSync(extra);
    writeFileSync(extra, record('Jellyfish fin atlas'));
    utimesSync(extra, stamp, stamp);
    expect(statSync(extra).size).toBe(before.size);
    expect(statSync(extra).mtimeMs).toBe(before.mtimeMs);
    const second = await openIndex({ paths: [papersDir], cacheDir });
    expect(second.source).toBe('built');
    expect(second.index.search('jellyfish').hits[0]?.paper.id).toBe('x1');
    expect(second.index.search('zebrafish').total).toBe(0);
  });

  it('remembers each file\'s digest in the cache folder while the file is unchanged, and hashes it again once changed', async () => {
    const file = join(papersDir, 'madry-profile.txt');
    const stamp = new Date('2025-01-01T00:00:00Z');
    utimesSync(file, stamp, stamp);
    // A file changed within the last second is not remembered (its change time may not move on a second write).
    const fresh = await corpusKey([papersDir], SNAPSHOT_VERSION, cacheDir);
    expect(existsSync(join(cacheDir, 'corpus-digests.json'))).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await corpusKey([papersDir], SNAPSHOT_VERSION, cacheDir)).toBe(fresh);
    const memoFile = join(cacheDir, 'corpus-digests.json');
    const memo = JSON.parse(readFileSync(memoFile, 'utf8'));
    expect(Object.keys(memo)).toEqual([file]);
    // The remembered digest is used: a tampered one changes the key (so the file was not read again).
    writeFileSync(memoFile, JSON.stringify({ [file]: { ...memo[file], sha256: '0'.repeat(64) } }));
    expect(await corpusKey([papersDir], SNAPSHOT_VERSION, cacheDir)).not.toBe(fresh);
    // Rewritten with the same bytes and modification time: its change time moved, so it is hashed again.
    writeFileSync(file, readFileSync(file));
    utimesSync(file, stamp, stamp);
    expect(await corpusKey([papersDir], SNAPSHOT_VERSION, cacheDir)).toBe(fresh);
    expect(await corpusKey([papersDir])).toBe(fresh);
  });

  it('is keyed by SNAPSHOT_VERSION: a snapshot from another paperbot version is not read', async () => {
    expect(await corpusKey([papersDir], 'paperbot-index-older')).not.toBe(await corpusKey([papersDir]));
    expect(await corpusKey([papersDir], SNAPSHOT_VERSION)).toBe(await corpusKey([papersDir]));
    expect((await openIndex({ paths: [papersDir], cacheDir, version: 'paperbot-index-older' })).source).toBe('built');
    expect((await openIndex({ paths: [papersDir], cacheDir, version: 'paperbot-index-older' })).source).toBe('snapshot');
    expect((await openIndex({ paths: [papersDir], cacheDir })).source).toBe('built');
  });

  it('rebuilds from a corrupt snapshot, logging why, without failing', async () => {
    const first = await openIndex({ paths: [papersDir], cacheDir });
    writeFileSync(join(cacheDir, `index-${first.key}.pbix`), 'PBIX garbage');
    const { log, lines } = memoryLog();
    const again = await openIndex({ paths: [papersDir], cacheDir, log });
    expect(again.source).toBe('built');
    expect(again.index.search('robustness').total).toBeGreaterThan(0);
    expect(lines.some((l) => l.event === 'snapshot_unusable')).toBe(true);
  });

  it('checks a checksum: a byte flipped in the middle of the file is logged and rebuilt', async () => {
    const first = await openIndex({ paths: [papersDir], cacheDir });
    const file = join(cacheDir, `index-${first.key}.pbix`);
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 0x01;
    writeFileSync(file, bytes);
    const { log, lines } = memoryLog();
    const again = await openIndex({ paths: [papersDir], cacheDir, log });
    expect(again.source).toBe('built');
    expect(lines.find((l) => l.event === 'snapshot_unusable')?.error).toMatch(/checksum/);
    // The rebuilt snapshot replaced the corrupt one.
    expect((await openIndex({ paths: [papersDir], cacheDir })).source).toBe('snapshot');
  });

  it('checks a checksum: a letter changed inside a title (still valid JSON) is not served', async () => {
    const first = await openIndex({ paths: [papersDir], cacheDir });
    const title = first.index.all()[0].title;
    const file = join(cacheDir, `index-${first.key}.pbix`);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from(JSON.stringify(title)));
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = bytes[at + 1] === 0x51 ? 0x52 : 0x51; // the title's first letter becomes "Q" (or "R")
    writeFileSync(file, bytes);
    const again = await openIndex({ paths: [papersDir], cacheDir });
    expect(again.source).toBe('built');
    expect(again.index.all()[0].title).toBe(title);
  });

  it('takes new papers after starting from a snapshot (incremental adds)', async () => {
    await openIndex({ paths: [papersDir], cacheDir });
    const { index } = await openIndex({ paths: [papersDir], cacheDir });
    const fresh: Paper = { id: 'new-1', title: 'Backdoor attacks on zebrafish classifiers', authors: ['A. Person'], abstract: 'Zebrafish backdoor.', links: [], source: { file: 'feed' } };
    expect(index.add([fresh])).toBe(1);
    expect(index.search('zebrafish').hits.map((h) => h.paper.id)).toEqual(['new-1']);
    expect(index.search('backdoor attacks', { limit: 10 }).hits.map((h) => h.paper.id)).toContain('new-1');
    expect(index.get('new-1')).toBe(fresh);
  });

  it('can be turned off with INDEX_CACHE_PATH=off', () => {
    expect(loadConfig({ INDEX_CACHE_PATH: 'off' }).indexCachePath).toBeUndefined();
    expect(loadConfig({}, '/srv/bot').indexCachePath).toBe('/srv/bot/data/.cache');
  });
});

describe('workerHeapMb', () => {
  it('keeps Node\'s default heap for a lab\'s corpus, and raises the index worker\'s for a corpus of a million papers', () => {
    expect(workerHeapMb(133e6)).toBeUndefined();
    const million = workerHeapMb(1.8e9)!;
    expect(million).toBeGreaterThan(4096);
    expect(million).toBeLessThanOrEqual((0.75 * totalmem()) / 2 ** 20);
  });
});
