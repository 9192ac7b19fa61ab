// Index snapshots on disk, keyed by the corpus content: a restart with unchanged files skips loading and indexing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { listCorpusFiles } from '../papers/corpus-files.ts';
import { loadCorpus } from '../papers/corpus.ts';
import type { CorpusIssue } from '../papers/paper.ts';
import type { Log } from '../log.ts';
import type { OnCorpusProgress } from '../progress.ts';
import { SearchIndex, type SearchIndexOptions } from './search-index.ts';
import { evictSnapshots, markUsed, snapshotFile, type SnapshotCacheOptions } from './snapshot-cache.ts';
import { buildInWorker } from './index-build.ts';
import { Slices } from './slices.ts';
import { decodeSnapshot, readSnapshot, writeSnapshot } from './snapshot-file.ts';

export { DEFAULT_SNAPSHOT_CACHE, type SnapshotCacheOptions } from './snapshot-cache.ts';

/**
 * Changes whenever what a snapshot holds would change for the same files: the analyzer, the loaders, the layout.
 * Bump it with any such change, or old snapshots would be served. (2: checksum at the end of the file; 3: papers and words as JSON lines; 4: a catalog, papers read from the file; 5: dates in the catalog.)
 */
export const SNAPSHOT_VERSION = 'paperbot-index-5';

const WORKER_ABOVE_BYTES = 256 * 1024;

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
   * Told how far loading (bytes) and indexing (papers) have come when the index is built, and how far opening the
   * snapshot (percent) has come. `progressReporter()` in src/progress.ts draws it.
   */
  onProgress?: OnCorpusProgress;
  /**
   * A corpus larger than this (bytes on disk) is loaded and indexed in a worker thread. Default 256 kB: about 200
   * papers with abstracts, ~50 ms to index, the most the main thread should spend in one go; a smaller library is
   * indexed in place (a worker costs ~0.3 s to start). Infinity keeps every build on the main thread.
   */
  workerAboveBytes?: number;
  /** CPU time per slice when decoding a snapshot between requests (ms). Default 10. */
  sliceMs?: number;
  /** Part of every key. Default SNAPSHOT_VERSION; a test passes another to stand for a later paperbot. */
  version?: string;
  /**
   * Read every paper of a snapshot into memory (in slices, before the index is returned) instead of leaving them in
   * its file, where a query reads only those it shows (paper-table.ts: 8 bytes a paper of memory instead of ~2 KB).
   * Default false: nothing in paperbot needs every paper as an object any more; a test or tool that walks all of
   * them (`index.all()`) may want this.
   */
  papersInMemory?: boolean;
}

export interface OpenedIndex {
  index: SearchIndex;
  /** Bad records found while loading (a snapshot keeps those of the load it was built from). */
  issues: CorpusIssue[];
  source: 'snapshot' | 'built';
  /** The corpus content hash the snapshot is filed under. */
  key: string;
  tookMs: number;
  /**
   * Where the time went (ms): hashing the corpus, then either reading the snapshot or loading + indexing + saving
   * (in the worker, when it ran) and decoding the worker's snapshot bytes.
   */
  timings: { keyMs: number; snapshotMs?: number; loadMs?: number; buildMs?: number; saveMs?: number; decodeMs?: number };
}

/**
 * sha256 over `version`, then every corpus file's path and the sha256 of its bytes (folders walked as the loaders
 * walk them). Hashing 44 MB of gzip takes about 0.1 s, a 1.8 GB corpus about 4 s: with `memoDir`, a file's digest is
 * remembered there with its identity (device, inode, size, modification and change times, in nanoseconds) and reused
 * while that identity holds. Any write to a file moves its change time, which no tool can set back (unlike the
 * modification time), and a copy or checkout is a new inode: so a changed file is always hashed again.
 */
export async function corpusKey(paths: string[], version = SNAPSHOT_VERSION, memoDir?: string): Promise<string> {
  const hash = createHash('sha256').update(version);
  const listing = await listCorpusFiles(paths);
  const memo = memoDir ? await readDigestMemo(memoDir) : undefined;
  let changed = false;
  for (const file of listing.files) {
    hash.update(`\0${file}\0`);
    try {
      const s = await stat(file, { bigint: true });
      const identity = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
      let digest = memo?.[file]?.identity === identity ? memo[file].sha256 : undefined;
      if (!digest) {
        const content = createHash('sha256');
        for await (const chunk of createReadStream(file)) content.update(chunk as Buffer);
        digest = content.digest('hex');
        // Not while the file may still be changing: change times are coarse (a kernel tick), so a write in the same
        // tick as this read would leave the identity as it was.
        if (memo && Date.now() - Number(s.ctimeMs) > MEMO_SETTLE_MS) (memo[file] = { identity, sha256: digest }), (changed = true);
      }
      hash.update(digest);
    } catch {
      hash.update('\0unreadable');
    }
  }
  for (const issue of listing.issues) hash.update(`\0missing ${issue.file}`);
  if (memo && changed && memoDir) {
    // Files of corpora gone long ago would pile up: past MEMO_MAX entries, only this corpus's are kept.
    if (Object.keys(memo).length > MEMO_MAX) for (const file of Object.keys(memo)) if (!listing.files.includes(file)) delete memo[file];
    await writeDigestMemo(memoDir, memo);
  }
  return hash.digest('hex').slice(0, 24);
}

type DigestMemo = Record<string, { identity: string; sha256: string }>;
const DIGEST_MEMO = 'corpus-digests.json';
const MEMO_MAX = 1000;
/** A file changed less than this long ago is hashed, not remembered. */
const MEMO_SETTLE_MS = 1000;

/** The remembered digests; an unreadable or malformed memo is an empty one (every file is hashed again). */
async function readDigestMemo(dir: string): Promise<DigestMemo> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, DIGEST_MEMO), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as DigestMemo) : {};
  } catch {
    return {};
  }
}

/** Best effort, written whole then renamed: a failure only costs the next start a hash. */
async function writeDigestMemo(dir: string, memo: DigestMemo): Promise<void> {
  const partial = join(dir, `${DIGEST_MEMO}.${process.pid}.partial`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(partial, JSON.stringify(memo));
    await rename(partial, join(dir, DIGEST_MEMO));
  } catch {
    await rm(partial, { force: true }).catch(() => {});
  }
}

/**
 * The search index for a corpus: read from the snapshot filed under the corpus's content key when there is one,
 * else loaded and built, then saved for next time. A broken or stale snapshot is logged and rebuilt, never fatal;
 * failing to save one only costs the next start its speed. Each corpus keeps its own snapshot: the folder holds
 * several, and the least recently used go first once it is past its cap.
 *
 * The event loop stays free throughout (the bot answers "still indexing" and /healthz meanwhile): a snapshot is
 * checked and decoded in slices of ~10 ms, and a corpus above `workerAboveBytes` is loaded and indexed in a worker
 * thread whose snapshot bytes are then decoded the same way.
 */
export async function openIndex(opts: OpenIndexOptions): Promise<OpenedIndex> {
  const started = performance.now();
  const since = (t: number) => performance.now() - t;
  const slices = new Slices(opts.sliceMs);
  const key = await corpusKey(opts.paths, opts.version, opts.cacheDir);
  const timings: OpenedIndex['timings'] = { keyMs: since(started) };
  const file = opts.cacheDir ? snapshotFile(opts.cacheDir, key) : undefined;
  const report = opts.onProgress;
  const opening = report && ((percent: number) => report({ stage: 'opening', done: percent, total: 100 }));
  if (file) {
    const t = performance.now();
    try {
      const { index, issues } = await readSnapshot(file, key, opts.index, slices, opening);
      if (opts.papersInMemory) await index.loadPapers(() => slices.maybe());
      timings.snapshotMs = since(t);
      await markUsed(file);
      return { index, issues, source: 'snapshot', key, tookMs: since(started), timings };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') opts.log?.warn({ event: 'snapshot_unusable', file, error: (err as Error).message }, 'index snapshot unusable; rebuilding');
    }
  }
  let built: { index: SearchIndex; issues: CorpusIssue[] } | undefined;
  const bytes = await corpusBytes(opts.paths);
  if (bytes.onDisk > (opts.workerAboveBytes ?? WORKER_ABOVE_BYTES)) {
    try {
      // Papers left on disk: the main thread reads the saved file, so the worker need not hand 2.4 GB of bytes back
      // at 1M papers (they would only be dropped once decoded).
      const job = await buildInWorker({ paths: opts.paths, key, file, bytesOnlyIfUnsaved: !opts.papersInMemory }, report, workerHeapMb(bytes.text));
      Object.assign(timings, { loadMs: job.loadMs, buildMs: job.buildMs, saveMs: job.saveMs });
      if (job.saveError) opts.log?.warn({ event: 'snapshot_not_saved', file, error: job.saveError }, 'could not save the index snapshot');
      const t = performance.now();
      const index = job.bytes ? (await decodeSnapshot(job.bytes, key, opts.index, slices, opening)).index : (await readSnapshot(file!, key, opts.index, slices, opening)).index;
      built = { index, issues: job.issues };
      if (opts.papersInMemory) await built.index.loadPapers(() => slices.maybe());
      timings.decodeMs = since(t);
    } catch (err) {
      opts.log?.warn({ event: 'index_worker_failed', error: (err as Error).message }, 'indexing in a worker failed; indexing on the main thread');
    }
  }
  if (!built) {
    let t = performance.now();
    const corpus = await loadCorpus(opts.paths, { onProgress: report });
    timings.loadMs = since(t);
    t = performance.now();
    const index = new SearchIndex([], opts.index);
    index.add(corpus.papers, report && ((done, total) => report({ stage: 'indexing', done, total })));
    timings.buildMs = since(t);
    built = { index, issues: corpus.issues };
    if (file) {
      t = performance.now();
      try {
        await writeSnapshot(file, key, index, corpus.issues);
        timings.saveMs = since(t);
      } catch (err) {
        opts.log?.warn({ event: 'snapshot_not_saved', file, error: (err as Error).message }, 'could not save the index snapshot');
      }
    }
  }
  if (file && opts.cacheDir) {
    try {
      const removed = await evictSnapshots(opts.cacheDir, file, opts.cache);
      if (removed.length) opts.log?.info({ event: 'snapshots_evicted', files: removed }, 'removed least recently used index snapshots');
    } catch (err) {
      opts.log?.warn({ event: 'snapshot_eviction_failed', dir: opts.cacheDir, error: (err as Error).message }, 'could not clean the snapshot folder');
    }
  }
  return { ...built, source: 'built', key, tookMs: since(started), timings };
}

/**
 * The index worker's heap limit for a corpus of `bytes` of text: Node's default (~4 GB here) up to ~600 MB of
 * text; above, about 5 bytes of heap per byte of file (1M arXiv papers, 1.8 GB of JSON, are ~3 GB as objects plus
 * the index), at most three quarters of the machine's memory. Undefined keeps the default.
 */
export function workerHeapMb(bytes: number): number | undefined {
  const wanted = (5 * bytes) / 2 ** 20;
  if (wanted <= 3072) return undefined;
  return Math.floor(Math.min(wanted, (0.75 * totalmem()) / 2 ** 20));
}

/** Bytes on disk of the corpus files (a gzip file counts compressed), and about how much text they hold. */
async function corpusBytes(paths: string[]): Promise<{ onDisk: number; text: number }> {
  const { files } = await listCorpusFiles(paths);
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
  // Text that gzip holds: about 3 bytes per byte for paper metadata (44 MB of gzip are 133 MB of arXiv JSON).
  const text = sizes.reduce((sum, size, i) => sum + (files[i].endsWith('.gz') ? 3 * size : size), 0);
  return { onDisk: sizes.reduce((a, b) => a + b, 0), text };
}
