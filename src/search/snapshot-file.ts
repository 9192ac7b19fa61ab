// One index snapshot file: its layout, written durably (fsync, then rename), read back only if its checksum holds.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CorpusIssue } from '../papers/paper.ts';
import { catalogKeys, CatalogError, decodeCatalog, encodeCatalog, type Catalog } from './paper-catalog.ts';
import { BufferRecords, FileRecords, type PaperRecords } from './paper-records.ts';
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
  /** Byte lengths of the papers, the vocabulary, the postings and the catalog, in that order after the magic. */
  sections: [number, number, number, number];
  /** Number of papers. */
  count: number;
}

/** A snapshot that cannot be served (foreign, truncated, corrupted or stale): openIndex logs it and rebuilds. */
export class SnapshotError extends Error {
  readonly code = 'snapshot_unusable';
}

/** How far opening a snapshot has come, in percent (checking, papers, postings, words, tables). */
export type OnOpenProgress = (percent: number) => void;

/**
 * Layout: "PBIX", papers (one JSON object a line), vocabulary (JSON lines of [word, term] pairs), postings
 * (PostingStore binary), catalog (each paper's id, arXiv id, DOI, year and record offset: paper-catalog.ts), header
 * JSON, u32 header length, sha256 of all of the above. The papers stay in the file once it is read (paper-table.ts):
 * a query reads the ones it shows, and a start parses only the catalog. Lines, so that a start can parse them a slice
 * at a time between requests (JSON.stringify never writes a raw newline). The header goes last because section
 * lengths are known only once written: the papers go out a thousand at a time, since one JSON string of 75k papers
 * (140 MB) would set the process's peak. Yields each part in order, without the checksum.
 */
function* snapshotParts(key: string, index: SearchIndex, issues: CorpusIssue[]): Generator<Buffer> {
  const snapshot = index.toSnapshot();
  yield Buffer.from(MAGIC);
  const offsets = new Float64Array(snapshot.count + 1);
  let papersLength = 0;
  for (let i = 0; i < snapshot.count; i += PAPERS_PER_WRITE) {
    const lines: string[] = [];
    for (let d = i; d < Math.min(snapshot.count, i + PAPERS_PER_WRITE); d++) {
      const line = `${snapshot.paperText(d)}\n`;
      offsets[d + 1] = offsets[d] + Buffer.byteLength(line);
      lines.push(line);
    }
    const chunk = Buffer.from(lines.join(''));
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
  const catalog = encodeCatalog(snapshot.keys(), offsets);
  yield catalog;
  const header: Header = {
    key,
    createdAt: new Date().toISOString(),
    issues: issues.slice(0, 1000),
    sections: [papersLength, vocabularyLength, snapshot.postings.length, catalog.length],
    count: snapshot.count,
  };
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
 * Reads a snapshot written under `key`. The file is read once, 8 MB at a time, into the checksum: the papers
 * section goes no further (its records are read from the file when a query shows them), the rest is kept and
 * decoded. Throws, saying why, on a missing, foreign, truncated, corrupted or stale file.
 */
export async function readSnapshot(file: string, key: string, options?: SearchIndexOptions, slices = new Slices(), onProgress?: OnOpenProgress): Promise<{ index: SearchIndex; issues: CorpusIssue[] }> {
  const fd = openSync(file, 'r');
  let owned = false;
  try {
    const size = fstatSync(fd).size;
    const readAt = (into: Buffer, offset: number, length: number, position: number) => {
      for (let done = 0; done < length; ) {
        const n = readSync(fd, into, offset + done, length - done, position + done);
        if (n === 0) throw new SnapshotError('snapshot is truncated');
        done += n;
      }
    };
    const magic = Buffer.alloc(4);
    if (size < 8 + CHECKSUM_BYTES) throw new SnapshotError('not a paperbot index snapshot');
    readAt(magic, 0, 4, 0);
    if (magic.toString('latin1') !== MAGIC) throw new SnapshotError('not a paperbot index snapshot');
    const end = size - CHECKSUM_BYTES;
    const tail = Buffer.alloc(4 + CHECKSUM_BYTES);
    readAt(tail, 0, tail.length, end - 4);
    const header = parseHeader(size, tail.readUInt32LE(0), (from, to) => {
      const bytes = Buffer.alloc(to - from);
      readAt(bytes, 0, bytes.length, from);
      return bytes.toString('utf8');
    }, key);
    const [papersLength] = header.sections;
    // Everything after the papers, placed so that the postings start 8-byte aligned: their arrays are then views.
    const restFrom = 4 + papersLength;
    const shift = (8 - (header.sections[1] % 8)) % 8;
    const rest = Buffer.from(new ArrayBuffer(end - restFrom + shift), shift, end - restFrom);
    const scratch = Buffer.allocUnsafe(Math.min(HASH_SLICE, restFrom));
    // Checked before anything is parsed: a flipped bit inside a title would otherwise parse fine and be served.
    const hash = createHash('sha256');
    for (let at = 0; at < end; ) {
      const n = Math.min(HASH_SLICE, (at < restFrom ? restFrom : end) - at);
      const into = at < restFrom ? scratch.subarray(0, n) : rest.subarray(at - restFrom, at - restFrom + n);
      readAt(into, 0, n, at);
      hash.update(into);
      at += n;
      if (slices.due) await slices.next();
    }
    if (!hash.digest().equals(tail.subarray(4))) throw new SnapshotError('snapshot checksum does not match (truncated or corrupted)');
    onProgress?.(30);
    const opened = await decodeParts(rest, header, (offsets) => new FileRecords(fd, 4, offsets), options, slices, onProgress);
    owned = true;
    return opened;
  } finally {
    if (!owned) closeSync(fd);
  }
}

/**
 * Decodes snapshot bytes whose checksum was checked (by the index worker that wrote them), in slices; the papers
 * stay in `buf` and are parsed when read. Every length and count is checked against the bytes there are before a
 * loop relies on it: bad numbers throw instead of reading past the data or spinning.
 */
export async function decodeSnapshot(buf: Buffer, key: string, options?: SearchIndexOptions, slices = new Slices(), onProgress?: OnOpenProgress): Promise<{ index: SearchIndex; issues: CorpusIssue[] }> {
  if (buf.length < 8 + CHECKSUM_BYTES || buf.toString('latin1', 0, 4) !== MAGIC) throw new SnapshotError('not a paperbot index snapshot');
  const end = buf.length - CHECKSUM_BYTES;
  const header = parseHeader(buf.length, buf.readUInt32LE(end - 4), (from, to) => buf.toString('utf8', from, to), key);
  const restFrom = 4 + header.sections[0];
  // A copy of what follows the papers, aligned so that the posting arrays are views of it, a slice at a time.
  const shift = (8 - (header.sections[1] % 8)) % 8;
  const rest = Buffer.from(new ArrayBuffer(end - restFrom + shift), shift, end - restFrom);
  for (let done = 0; done < rest.length; done += HASH_SLICE) {
    buf.copy(rest, done, restFrom + done, restFrom + Math.min(rest.length, done + HASH_SLICE));
    if (slices.due) await slices.next();
  }
  const papers = buf.subarray(4, restFrom);
  return decodeParts(rest, header, (offsets) => new BufferRecords(papers, offsets), options, slices, onProgress);
}

/** The header at the end of a file of `size` bytes whose header is `headerLength` bytes, checked against the sizes. */
function parseHeader(size: number, headerLength: number, text: (from: number, to: number) => string, key: string): Header {
  const end = size - CHECKSUM_BYTES;
  if (headerLength > end - 8) throw new SnapshotError('snapshot is truncated');
  const headerStart = end - 4 - headerLength;
  let header: Header;
  try {
    header = JSON.parse(text(headerStart, end - 4));
  } catch {
    throw new SnapshotError('snapshot header is not JSON');
  }
  if (header?.key !== key) throw new SnapshotError(`snapshot key ${header?.key} does not match the corpus (${key})`);
  const sections = header.sections;
  const isLength = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!Array.isArray(sections) || sections.length !== 4 || !sections.every(isLength)) throw new SnapshotError('snapshot sections are malformed');
  if (!isLength(header.count)) throw new SnapshotError('snapshot paper count is malformed');
  if (4 + sections.reduce((a, b) => a + b, 0) !== headerStart) throw new SnapshotError('snapshot is truncated');
  return header;
}

/** Vocabulary, postings and catalog from `rest` (the bytes after the papers); `records` reads the papers. */
async function decodeParts(
  rest: Buffer,
  header: Header,
  records: (offsets: Float64Array) => PaperRecords,
  options: SearchIndexOptions | undefined,
  slices: Slices,
  onProgress?: OnOpenProgress,
): Promise<{ index: SearchIndex; issues: CorpusIssue[] }> {
  const [papersLength, vocabularyLength, postingsLength, catalogLength] = header.sections;
  const wordLines = await readLines(rest, 0, vocabularyLength, slices);
  onProgress?.(40);
  const store = await PostingStore.open(rest.subarray(vocabularyLength, vocabularyLength + postingsLength), slices);
  onProgress?.(60);
  let catalog: Catalog;
  try {
    catalog = await decodeCatalog(rest.subarray(vocabularyLength + postingsLength, vocabularyLength + postingsLength + catalogLength), header.count, papersLength, slices);
  } catch (err) {
    throw err instanceof CatalogError ? new SnapshotError(err.message) : err;
  }
  onProgress?.(70);
  const vocabulary = new Vocabulary(store);
  for (const line of wordLines) {
    if (!Array.isArray(line)) throw new SnapshotError('snapshot vocabulary is malformed');
    for (const pair of line) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') throw new SnapshotError('snapshot vocabulary is malformed');
      vocabulary.addWord(pair[0], pair[1]);
    }
    if (slices.due) await slices.next();
  }
  onProgress?.(85);
  const index = await SearchIndex.fromParts({ records: records(catalog.offsets), keys: (doc) => catalogKeys(catalog, doc), store, vocabulary }, options, slices);
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
