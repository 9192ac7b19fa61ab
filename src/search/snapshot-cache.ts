// The snapshot folder: one snapshot per corpus content, kept under a size cap, least recently used removed first.
import { readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/** How much the snapshot folder may hold. Past either bound, the least recently used snapshots are removed. */
export interface SnapshotCacheOptions {
  /**
   * Bytes all snapshots together may take. Default 2 GiB: nine snapshots of a 75k-paper arXiv corpus (220 MB each)
   * or thousands of a lab's library. Lower it on a small disk; the snapshot just written or read is always kept.
   */
  maxBytes?: number;
  /** Snapshots kept, whatever their size. Default 16: the bot's corpus, CLI `--papers` corpora and a few old versions. */
  maxSnapshots?: number;
}

export const DEFAULT_SNAPSHOT_CACHE: Required<SnapshotCacheOptions> = { maxBytes: 2 * 2 ** 30, maxSnapshots: 16 };

const SNAPSHOT_NAME = /^index-[0-9a-f]+\.pbix$/;
/** A `.partial` older than this was left by a writer that died; a live writer finishes in seconds. */
const ABANDONED_MS = 60 * 60 * 1000;

/** Where the snapshot of the corpus with content key `key` lives. */
export function snapshotFile(dir: string, key: string): string {
  return join(dir, `index-${key}.pbix`);
}

/**
 * Marks a snapshot as just used: its modification time is its place in the least-recently-used order (atime is
 * not trusted, since most disks are mounted noatime or relatime). Best effort: a read-only cache still serves.
 */
export async function markUsed(file: string, now = new Date()): Promise<void> {
  await utimes(file, now, now).catch(() => {});
}

/**
 * Removes the least recently used snapshots until the folder is within both bounds, never `keep` (the one in use).
 * Also removes `.partial` files abandoned by a crashed writer. Returns the removed files' paths. Another process
 * may be evicting at the same time: a file already gone is not an error.
 */
export async function evictSnapshots(dir: string, keep: string, options: SnapshotCacheOptions = {}): Promise<string[]> {
  const { maxBytes, maxSnapshots } = { ...DEFAULT_SNAPSHOT_CACHE, ...options };
  const snapshots: Array<{ file: string; size: number; usedMs: number }> = [];
  const removed: string[] = [];
  const now = Date.now();
  for (const name of await readdir(dir)) {
    const file = join(dir, name);
    const isPartial = name.startsWith('index-') && name.endsWith('.partial');
    if (!isPartial && !SNAPSHOT_NAME.test(name)) continue;
    const s = await stat(file).catch(() => undefined);
    if (!s) continue;
    if (isPartial) {
      if (now - s.mtimeMs > ABANDONED_MS) await rm(file, { force: true }).then(() => removed.push(file));
    } else snapshots.push({ file, size: s.size, usedMs: s.mtimeMs });
  }
  // Most recently used first; the one in use leads whatever its time says.
  snapshots.sort((a, b) => Number(b.file === keep) - Number(a.file === keep) || b.usedMs - a.usedMs);
  // Kept from the most recent down until one does not fit; it and every older one go (least recently used first).
  let bytes = 0;
  let kept = 0;
  let full = false;
  for (const s of snapshots) {
    // The one in use comes first and never fills the folder, so it is always kept.
    if (s.file !== keep) full ||= kept + 1 > maxSnapshots || bytes + s.size > maxBytes;
    if (!full) {
      kept++;
      bytes += s.size;
      continue;
    }
    await rm(s.file, { force: true });
    removed.push(s.file);
  }
  return removed;
}
