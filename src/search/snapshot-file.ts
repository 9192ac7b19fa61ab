// One index snapshot file: its layout, written durably (fsync, then rename), read back only if its checksum holds.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CorpusIssue, Paper } from '../papers/paper.ts';
import { PostingStore } from './postings.ts';
import { SearchIndex, type SearchIndexOptions } from './search-index.ts';
import { Slices } from './slices.ts';
import { Vocabulary } from './vocabulary.ts';

const MAGIC = 'PBIX';
/** sha256 of every byte before it, at the very end of the file. */
const CHECKSUM_BYTES = 32;
/** Papers per chunk written; vocabulary words per line. */
const PAPERS_PER_WRITE = 1000;
const WORDS_PER_LINE = 4096;
/** Bytes hashed per slice while checking (about 8 ms at 1 GB/s). */
const HASH_SLICE = 8 << 20;

interface Header {
  key: string;
  createdAt: string;
  issues: CorpusIssue[];
  /** Byte lengths of the papers, the vocabulary and the postings, in that order after the magic. */
  sections: [number, number, number];
}

/** A snapshot that cannot be served (foreign, truncated, corrupted or stale): openIndex logs it and rebuilds. */
export class SnapshotError extends Error {
  readonly code = 'snapshot_unusable';
}

/** How far opening a snapshot has come, in percent (checking, papers, postings, words, tables). */
export type OnOpenProgress = (percent: number) => void;

/**
 * Layout: "PBIX", papers (one JSON object a line), vocabulary (JSON lines of [word, term] pairs), postings
 * (PostingStore binary), header JSON, u32 header length, sha256 of all of the above. Lines, so that a start can parse
 * them a slice at a time between requests (JSON.stringify never writes a raw newline). The header goes last because
 * section lengths are known only once written: the papers go out a thousand at a time, since one JSON string of 75k
 * papers (140 MB) would set the process's peak. Yields each part in order, without the checksum.
 */
function* snapshotParts(key: string, index: SearchIndex, issues: CorpusIssue[]): Generator<Buffer> {
  const snapshot = index.toSnapshot();
  yield Buffer.from(MAGIC);
  let papersLength = 0;
  for (let i = 0; i < snapshot.papers.length; i += PAPERS_PER_WRITE) {
    const chunk = Buffer.from(snapshot.papers.slice(i, i + PAPERS_PER_WRITE).map((p) => `${JSON.stringify(p)}\n`).join(''));
    papersLength += chunk.length;
    yield chunk;
  }
  let vocabularyLength = 0;
  const { words } = snapshot.vocabulary;
  for (let i = 0; i < words.length; i += WORDS_PER_LINE) {
    const line = Buffer.from(`${JSON.stringify(words.slice(i, i + WORDS_PER_LINE))}\n`);
    vocabularyLength += line.length;
    yield line;
  }
  yield snapshot.postings;
  const header: Header = { key, createdAt: new Date().toISOString(), issues: issues.slice(0, 1000), sections: [papersLength, vocabularyLength, snapshot.postings.length] };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  yield headerBytes;
  yield length;
}

/** A whole snapshot in memory (the index worker's answer when there is no snapshot folder). */
export function encodeSnapshot(key: string, index: SearchIndex, issues: CorpusIssue[]): Buffer {
  const parts = [...snapshotParts(key, index, issues)];
  const checksum = createHash('sha256');
  for (const part of parts) checksum.update(part);
  parts.push(checksum.digest());
  return Buffer.concat(parts);
}

/**
 * Writes the snapshot aside, flushes it to disk, renames it, and flushes the folder: after a crash or power cut the
 * real name holds either nothing or a whole snapshot, never a file whose rename reached the disk before its bytes
 * did. The checksum is computed as the bytes go out, so it costs no second pass. `keep` receives every byte written
 * (the index worker hands them to the main thread instead of it reading the file again).
 */
export async function writeSnapshot(file: string, key: string, index: SearchIndex, issues: CorpusIssue[], keep?: Buffer[]): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const out = await open(partial, 'w');
  try {
    const checksum = createHash('sha256');
    // A write may be partial: loop until every byte is out.
    const write = async (bytes: Buffer) => {
      keep?.push(bytes);
      for (let done = 0; done < bytes.length; ) done += (await out.write(bytes, done, bytes.length - done)).bytesWritten;
    };
    for (const part of snapshotParts(key, index, issues)) {
      checksum.update(part);
      await write(part);
    }
    await write(checksum.digest());
    await out.sync();
  } finally {
    await out.close();
  }
  await rename(partial, file);
  await syncFolder(dir);
}

/** Flushes a folder's entries (the rename) to disk. Platforms that cannot open a folder for that (Windows) skip it. */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (err) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '')) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!['EINVAL', 'ENOTSUP', 'EBADF'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await handle.close();
  }
}

/**
 * Reads a snapshot written under `key`: the checksum is checked first, hashing a slice at a time, then the file is
 * decoded. Throws, saying why, on a missing, foreign, truncated, corrupted or stale file.
 */
export async function readSnapshot(file: string, key: string, options?: SearchIndexOptions, slices = new Slices(), onProgress?: OnOpenProgress): Promise<{ index: SearchIndex; issues: CorpusIssue[] }> {
  const buf = await readFile(file);
  if (buf.length < 8 + CHECKSUM_BYTES || buf.toString('latin1', 0, 4) !== MAGIC) throw new SnapshotError('not a paperbot index snapshot');
  const end = buf.length - CHECKSUM_BYTES;
  // Checked before anything is parsed: a flipped bit inside a title would otherwise parse fine and be served.
  const hash = createHash('sha256');
  for (let at = 0; at < end; at += HASH_SLICE) {
    hash.update(buf.subarray(at, Math.min(end, at + HASH_SLICE)));
    if (slices.due) await slices.next();
  }
  if (!hash.digest().equals(buf.subarray(end))) throw new SnapshotError('snapshot checksum does not match (truncated or corrupted)');
  onProgress?.(10);
  return decodeSnapshot(buf, key, options, slices, onProgress);
}

/**
 * Decodes snapshot bytes whose checksum was checked (by readSnapshot, or by the index worker that wrote them), in
 * slices. Every length and count is checked against the bytes there are before a loop relies on it: bad numbers
 * throw instead of reading past the data or spinning.
 */
export async function decodeSnapshot(buf: Buffer, key: string, options?: SearchIndexOptions, slices = new Slices(), onProgress?: OnOpenProgress): Promise<{ index: SearchIndex; issues: CorpusIssue[] }> {
  if (buf.length < 8 + CHECKSUM_BYTES || buf.toString('latin1', 0, 4) !== MAGIC) throw new SnapshotError('not a paperbot index snapshot');
  const end = buf.length - CHECKSUM_BYTES;
  const headerLength = buf.readUInt32LE(end - 4);
  const headerStart = end - 4 - headerLength;
  if (headerLength > end - 8) throw new SnapshotError('snapshot is truncated');
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', headerStart, end - 4));
  } catch {
    throw new SnapshotError('snapshot header is not JSON');
  }
  if (header?.key !== key) throw new SnapshotError(`snapshot key ${header?.key} does not match the corpus (${key})`);
  const sections = header.sections;
  const isLength = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!Array.isArray(sections) || sections.length !== 3 || !sections.every(isLength)) throw new SnapshotError('snapshot sections are malformed');
  const [papersLength, vocabularyLength, postingsLength] = sections;
  if (4 + papersLength + vocabularyLength + postingsLength !== headerStart) throw new SnapshotError('snapshot is truncated');

  let at = 4;
  const papers: Paper[] = [];
  for (const paper of await readLines(buf, at, (at += papersLength), slices, (share) => onProgress?.(10 + Math.floor(40 * share)))) {
    if (!paper || typeof paper !== 'object' || typeof (paper as Paper).id !== 'string') throw new SnapshotError('snapshot holds a paper without an id');
    papers.push(paper as Paper);
  }
  const wordLines = await readLines(buf, at, (at += vocabularyLength), slices);
  onProgress?.(55);
  // A copy of just the postings (views into `buf` would keep the papers' JSON bytes alive too), a slice at a time.
  const postings = Buffer.allocUnsafeSlow(postingsLength);
  for (let done = 0; done < postingsLength; done += HASH_SLICE) {
    buf.copy(postings, done, at + done, at + Math.min(postingsLength, done + HASH_SLICE));
    if (slices.due) await slices.next();
  }
  const store = await PostingStore.open(postings, slices);
  onProgress?.(80);
  const vocabulary = new Vocabulary(store);
  for (const line of wordLines) {
    if (!Array.isArray(line)) throw new SnapshotError('snapshot vocabulary is malformed');
    for (const pair of line) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') throw new SnapshotError('snapshot vocabulary is malformed');
      vocabulary.addWord(pair[0], pair[1]);
    }
    if (slices.due) await slices.next();
  }
  onProgress?.(90);
  const index = await SearchIndex.fromParts({ papers, store, vocabulary }, options, slices);
  onProgress?.(100);
  return { index, issues: Array.isArray(header.issues) ? header.issues : [] };
}

/** Parses `buf[from, to)` as JSON lines, a slice at a time; each step moves past one line, so it always ends. */
async function readLines(buf: Buffer, from: number, to: number, slices: Slices, onShare?: (share: number) => void): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let pos = from; pos < to; ) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0 || nl > to) nl = to;
    try {
      out.push(JSON.parse(buf.toString('utf8', pos, nl)));
    } catch {
      throw new SnapshotError(`snapshot line at byte ${pos} is not JSON`);
    }
    pos = nl + 1;
    if (slices.due) {
      onShare?.((pos - from) / (to - from));
      await slices.next();
    }
  }
  return out;
}
