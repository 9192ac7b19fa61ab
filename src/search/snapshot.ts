// Index snapshots on disk, keyed by the corpus content: a restart with unchanged files skips loading and indexing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listCorpusFiles } from '../papers/corpus-files.ts';
import { loadCorpus } from '../papers/corpus.ts';
import type { CorpusIssue, Paper } from '../papers/paper.ts';
import type { Log } from '../log.ts';
import { SearchIndex, type SearchIndexOptions } from './search-index.ts';

/**
 * Changes whenever what a snapshot holds would change for the same files: the analyzer, the loaders, the layout.
 * Bump it with any such change, or old snapshots would be served.
 */
export const SNAPSHOT_VERSION = 'paperbot-index-1';
const MAGIC = 'PBIX';

export interface OpenIndexOptions {
  /** Corpus files or folders (config.papersPath). */
  paths: string[];
  /** Folder for snapshot files (config.indexCachePath). Without it the index is always built. */
  cacheDir?: string;
  log?: Log;
  index?: SearchIndexOptions;
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
 * sha256 over every corpus file's path and bytes (folders walked as the loaders walk them), plus SNAPSHOT_VERSION.
 * Hashing 44 MB of gzip takes about 0.1 s: cheaper than trusting modification times that a copy or checkout resets.
 */
export async function corpusKey(paths: string[]): Promise<string> {
  const hash = createHash('sha256').update(SNAPSHOT_VERSION);
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
 * failing to save one only costs the next start its speed.
 */
export async function openIndex(opts: OpenIndexOptions): Promise<OpenedIndex> {
  const started = performance.now();
  const since = (t: number) => performance.now() - t;
  const key = await corpusKey(opts.paths);
  const timings: OpenedIndex['timings'] = { keyMs: since(started) };
  const file = opts.cacheDir ? join(opts.cacheDir, `index-${key}.pbix`) : undefined;
  if (file) {
    const t = performance.now();
    try {
      const { index, issues } = await readSnapshot(file, key, opts.index);
      timings.snapshotMs = since(t);
      return { index, issues, source: 'snapshot', key, tookMs: since(started), timings };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') opts.log?.warn({ event: 'snapshot_unusable', file, error: (err as Error).message }, 'index snapshot unusable; rebuilding');
    }
  }
  let t = performance.now();
  const corpus = await loadCorpus(opts.paths);
  timings.loadMs = since(t);
  t = performance.now();
  const index = new SearchIndex(corpus.papers, opts.index);
  timings.buildMs = since(t);
  if (file && opts.cacheDir) {
    t = performance.now();
    try {
      await writeSnapshot(opts.cacheDir, file, key, index, corpus.issues);
      timings.saveMs = since(t);
    } catch (err) {
      opts.log?.warn({ event: 'snapshot_not_saved', file, error: (err as Error).message }, 'could not save the index snapshot');
    }
  }
  return { index, issues: corpus.issues, source: 'built', key, tookMs: since(started), timings };
}

interface Header {
  key: string;
  createdAt: string;
  issues: CorpusIssue[];
  /** Byte lengths of the papers JSON, the vocabulary JSON and the postings, in that order after the header. */
  sections: [number, number, number];
}

/**
 * Layout: "PBIX", papers JSON, vocabulary JSON, postings (PostingStore binary), header JSON, u32 header length.
 * The header goes last because section lengths are known only once written: the papers are streamed out a
 * thousand at a time, since one JSON string of 75k papers (140 MB) plus its bytes would set the process's peak.
 */
async function writeSnapshot(dir: string, file: string, key: string, index: SearchIndex, issues: CorpusIssue[]): Promise<void> {
  const snapshot = index.toSnapshot();
  await mkdir(dir, { recursive: true });
  // Written aside and renamed: a crash mid-write never leaves a half snapshot under the real name.
  const partial = `${file}.${process.pid}.partial`;
  const out = await open(partial, 'w');
  try {
    // A write may be partial: loop until every byte is out, and return how many there were.
    const write = async (data: string | Buffer): Promise<number> => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      for (let done = 0; done < bytes.length; ) done += (await out.write(bytes, done, bytes.length - done)).bytesWritten;
      return bytes.length;
    };
    await write(MAGIC);
    let papersLength = 0;
    for (let i = 0; i < snapshot.papers.length || i === 0; i += 1000) {
      const chunk = snapshot.papers.slice(i, i + 1000).map((p) => JSON.stringify(p)).join(',');
      papersLength += await write(`${i === 0 ? '[' : ','}${chunk}${i + 1000 >= snapshot.papers.length ? ']' : ''}`);
    }
    const vocabularyLength = await write(JSON.stringify(snapshot.vocabulary));
    await write(snapshot.postings);
    const header: Header = { key, createdAt: new Date().toISOString(), issues: issues.slice(0, 1000), sections: [papersLength, vocabularyLength, snapshot.postings.length] };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(headerBytes.length);
    await write(headerBytes);
    await write(length);
  } finally {
    await out.close();
  }
  await rename(partial, file);
  // Only the newest snapshot is worth its disk space.
  for (const name of await readdir(dir)) {
    if (/^index-.*\.pbix$/.test(name) && join(dir, name) !== file) await rm(join(dir, name), { force: true });
  }
}

async function readSnapshot(file: string, key: string, options?: SearchIndexOptions): Promise<{ index: SearchIndex; issues: CorpusIssue[] }> {
  const buf = await readFile(file);
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a paperbot index snapshot');
  const headerLength = buf.readUInt32LE(buf.length - 4);
  const headerStart = buf.length - 4 - headerLength;
  if (headerStart < 4) throw new Error('snapshot is truncated');
  const header = JSON.parse(buf.toString('utf8', headerStart, buf.length - 4)) as Header;
  if (header.key !== key) throw new Error(`snapshot key ${header.key} does not match the corpus (${key})`);
  const [papersLength, vocabularyLength, postingsLength] = header.sections;
  let at = 4;
  if (at + papersLength + vocabularyLength + postingsLength !== headerStart) throw new Error('snapshot is truncated');
  const papers = JSON.parse(buf.toString('utf8', at, (at += papersLength))) as Paper[];
  const vocabulary = JSON.parse(buf.toString('utf8', at, (at += vocabularyLength)));
  // A copy of just the postings: views into `buf` would keep the papers' JSON bytes alive too.
  const postings = Buffer.from(buf.subarray(at, at + postingsLength));
  return { index: SearchIndex.fromSnapshot({ papers, vocabulary, postings }, options), issues: header.issues };
}
