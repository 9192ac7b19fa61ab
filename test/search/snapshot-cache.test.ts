// The snapshot folder keeps a snapshot per corpus, under a size and count cap, least recently used removed first.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIndex, type SnapshotCacheOptions } from '../../src/search/snapshot.ts';

let dir: string;
let cacheDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-snapshot-cache-'));
  cacheDir = join(dir, 'cache');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A one-file corpus `name` whose papers are about `topic` (same size for every name of the same length). */
function corpus(name: string, topic: string): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  const lines = [1, 2, 3].map((i) => JSON.stringify({ id: `${name}-${i}`, title: `${topic} study ${i}`, abstract: `On ${topic}.` }));
  writeFileSync(join(folder, 'papers.jsonl'), lines.join('\n') + '\n');
  return folder;
}

const open = (paths: string, cache?: SnapshotCacheOptions) => openIndex({ paths: [paths], cacheDir, cache });
const snapshots = () => readdirSync(cacheDir).filter((n) => n.endsWith('.pbix')).sort();
const fileOf = (key: string) => join(cacheDir, `index-${key}.pbix`);
/** Sets when a snapshot was last used, `hoursAgo` hours back. */
const usedAgo = (key: string, hoursAgo: number) => {
  const t = new Date(Date.now() - hoursAgo * 3600_000);
  utimesSync(fileOf(key), t, t);
};

describe('snapshot folder', () => {
  it('keeps one snapshot per corpus: searching another corpus does not evict the first', async () => {
    const a = await open(corpus('a', 'zebrafish'));
    const b = await open(corpus('b', 'jellyfish'));
    expect(snapshots()).toEqual([`index-${a.key}.pbix`, `index-${b.key}.pbix`].sort());
    expect((await open(join(dir, 'a'))).source).toBe('snapshot');
    expect((await open(join(dir, 'b'))).source).toBe('snapshot');
  });

  it('past maxSnapshots removes the least recently used, where reading a snapshot counts as use', async () => {
    const a = await open(corpus('a', 'zebrafish'));
    const b = await open(corpus('b', 'jellyfish'));
    usedAgo(a.key, 2);
    usedAgo(b.key, 1);
    // Reading a's snapshot makes it the most recently used, although it was built first.
    expect((await open(join(dir, 'a'), { maxSnapshots: 2 })).source).toBe('snapshot');
    expect(statSync(fileOf(a.key)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    const c = await open(corpus('c', 'starfish'), { maxSnapshots: 2 });
    expect(snapshots()).toEqual([`index-${a.key}.pbix`, `index-${c.key}.pbix`].sort());
  });

  it('past maxBytes removes the least recently used until the rest fits', async () => {
    const a = await open(corpus('a', 'zebrafish'));
    const b = await open(corpus('b', 'jellyfish'));
    usedAgo(a.key, 2);
    usedAgo(b.key, 1);
    const maxBytes = statSync(fileOf(a.key)).size + statSync(fileOf(b.key)).size;
    const c = await open(corpus('c', 'starfish'), { maxBytes });
    expect(snapshots()).toEqual([`index-${b.key}.pbix`, `index-${c.key}.pbix`].sort());
    expect(snapshots().reduce((n, f) => n + statSync(join(cacheDir, f)).size, 0)).toBeLessThanOrEqual(maxBytes);
  });

  it('always keeps the snapshot just written, even past the cap', async () => {
    await open(corpus('a', 'zebrafish'));
    const b = await open(corpus('b', 'jellyfish'), { maxBytes: 1 });
    expect(snapshots()).toEqual([`index-${b.key}.pbix`]);
    expect((await open(join(dir, 'b'), { maxBytes: 1 })).source).toBe('snapshot');
  });

  it('removes partial files a crashed writer left, but not one being written', async () => {
    const a = await open(corpus('a', 'zebrafish'));
    const abandoned = `${fileOf(a.key)}.999999.partial`;
    const live = `${fileOf(a.key)}.999998.partial`;
    writeFileSync(abandoned, 'half');
    writeFileSync(live, 'half');
    utimesSync(abandoned, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
    await open(corpus('b', 'jellyfish'));
    const names = readdirSync(cacheDir);
    expect(names).not.toContain('index-' + a.key + '.pbix.999999.partial');
    expect(names).toContain('index-' + a.key + '.pbix.999998.partial');
  });

  it('leaves other files in the folder alone', async () => {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, 'notes.txt'), 'mine');
    await open(corpus('a', 'zebrafish'), { maxSnapshots: 1, maxBytes: 1 });
    await open(corpus('b', 'jellyfish'), { maxSnapshots: 1, maxBytes: 1 });
    expect(readdirSync(cacheDir)).toContain('notes.txt');
  });
});
