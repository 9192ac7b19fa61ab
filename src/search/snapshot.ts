// Index snapshots on disk, keyed by the corpus content: a restart with unchanged files skips loading and indexing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { listCorpusFiles } from '../papers/corpus-files.ts';
import { loadCorpus } from '../papers/corpus.ts';
import type { CorpusIssue } from '../papers/paper.ts';
import type { Log } from '../log.ts';
import type { OnCorpusProgress } from '../progress.ts';
import { SearchIndex, type SearchIndexOptions } from './search-index.ts';
import { evictSnapshots, markUsed, snapshotFile, type SnapshotCacheOptions } from './snapshot-cache.ts';
import { readSnapshot, writeSnapshot } from './snapshot-file.ts';

export { DEFAULT_SNAPSHOT_CACHE, type SnapshotCacheOptions } from './snapshot-cache.ts';

/**
 * Changes whenever what a snapshot holds would change for the same files: the analyzer, the loaders, the layout.
 * Bump it with any such change, or old snapshots would be served. (2: checksum at the end of the file.)
 */
export const SNAPSHOT_VERSION = 'paperbot-index-2';

export interface OpenIndexOptions {
  /** Corpus files or folders (config.papersPath, or a CLI `--papers`). */
  paths: string[];
  /** Folder for snapshot files (config.indexCachePath). Without it the index is always built. */
  cacheDir?: string;
  /** How much the folder may hold (defaults on the type: 2 GiB, 16 snapshots). */
  cache?: SnapshotCacheOptions;
  log?: Log;
  index?: SearchIndexOptions;
  /**
   * Told how far loading (bytes) and indexing (papers) have come when the index is built; a snapshot read reports
   * nothing. `progressReporter()` in src/progress.ts draws it.
   */
  onProgress?: OnCorpusProgress;
  /** Part of every key. Default SNAPSHOT_VERSION; a test passes another to stand for a later paperbot. */
  version?: string;
}

export interface OpenedIndex {
  index: SearchIndex;
  /** Bad records found while loading (a snapshot keeps those of the load it was built from). */
  issues: CorpusIssue[];
  source: 'snapshot' | 'built';
  /** The corpus content hash the snapshot is filed under. */
  key: string;
  tookMs: number;
  /** Where the time went (ms): hashing the corpus, then either reading the snapshot or loading + indexing + saving. */
  timings: { keyMs: number; snapshotMs?: number; loadMs?: number; buildMs?: number; saveMs?: number };
}

/**
 * sha256 over `version`, then every corpus file's path and bytes (folders walked as the loaders walk them).
 * Hashing 44 MB of gzip takes about 0.1 s: cheaper than trusting sizes and modification times, which an edit in
 * place can leave unchanged and a copy or checkout resets.
 */
export async function corpusKey(paths: string[], version = SNAPSHOT_VERSION): Promise<string> {
  const hash = createHash('sha256').update(version);
  const listing = await listCorpusFiles(paths);
  for (const file of listing.files) {
    hash.update(`\0${file}\0`);
    try {
      for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    } catch {
      hash.update('\0unreadable');
    }
  }
  for (const issue of listing.issues) hash.update(`\0missing ${issue.file}`);
  return hash.digest('hex').slice(0, 24);
}

/**
 * The search index for a corpus: read from the snapshot filed under the corpus's content key when there is one,
 * else loaded and built, then saved for next time. A broken or stale snapshot is logged and rebuilt, never fatal;
 * failing to save one only costs the next start its speed. Each corpus keeps its own snapshot: the folder holds
 * several, and the least recently used go first once it is past its cap.
 */
export async function openIndex(opts: OpenIndexOptions): Promise<OpenedIndex> {
  const started = performance.now();
  const since = (t: number) => performance.now() - t;
  const key = await corpusKey(opts.paths, opts.version);
  const timings: OpenedIndex['timings'] = { keyMs: since(started) };
  const file = opts.cacheDir ? snapshotFile(opts.cacheDir, key) : undefined;
  if (file) {
    const t = performance.now();
    try {
      const { index, issues } = await readSnapshot(file, key, opts.index);
      timings.snapshotMs = since(t);
      await markUsed(file);
      return { index, issues, source: 'snapshot', key, tookMs: since(started), timings };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') opts.log?.warn({ event: 'snapshot_unusable', file, error: (err as Error).message }, 'index snapshot unusable; rebuilding');
    }
  }
  let t = performance.now();
  const report = opts.onProgress;
  const corpus = await loadCorpus(opts.paths, { onProgress: report });
  timings.loadMs = since(t);
  t = performance.now();
  const index = new SearchIndex([], opts.index);
  index.add(corpus.papers, report && ((done, total) => report({ stage: 'indexing', done, total })));
  timings.buildMs = since(t);
  if (file && opts.cacheDir) {
    t = performance.now();
    try {
      await writeSnapshot(file, key, index, corpus.issues);
      timings.saveMs = since(t);
    } catch (err) {
      opts.log?.warn({ event: 'snapshot_not_saved', file, error: (err as Error).message }, 'could not save the index snapshot');
    }
    try {
      const removed = await evictSnapshots(opts.cacheDir, file, opts.cache);
      if (removed.length) opts.log?.info({ event: 'snapshots_evicted', files: removed }, 'removed least recently used index snapshots');
    } catch (err) {
      opts.log?.warn({ event: 'snapshot_eviction_failed', dir: opts.cacheDir, error: (err as Error).message }, 'could not clean the snapshot folder');
    }
  }
  return { index, issues: corpus.issues, source: 'built', key, tookMs: since(started), timings };
}
