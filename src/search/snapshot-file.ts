// One index snapshot file: its layout, written durably (fsync, then rename) and read back only if its checksum holds.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CorpusIssue, Paper } from '../papers/paper.ts';
import { SearchIndex, type SearchIndexOptions } from './search-index.ts';

const MAGIC = 'PBIX';
/** sha256 of every byte before it, at the very end of the file. */
const CHECKSUM_BYTES = 32;

interface Header {
  key: string;
  createdAt: string;
  issues: CorpusIssue[];
  /** Byte lengths of the papers JSON, the vocabulary JSON and the postings, in that order after the magic. */
  sections: [number, number, number];
}

/**
 * Layout: "PBIX", papers JSON, vocabulary JSON, postings (PostingStore binary), header JSON, u32 header length,
 * sha256 of all of the above. The header goes last because section lengths are known only once written: the papers
 * are streamed out a thousand at a time, since one JSON string of 75k papers (140 MB) plus its bytes would set the
 * process's peak. The checksum is computed as the bytes go out, so it costs no second pass.
 *
 * Written aside, flushed to disk, renamed, and the folder flushed: after a crash or power cut the real name holds
 * either nothing or a whole snapshot, never a file whose rename reached the disk before its bytes did.
 */
export async function writeSnapshot(file: string, key: string, index: SearchIndex, issues: CorpusIssue[]): Promise<void> {
  const snapshot = index.toSnapshot();
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const out = await open(partial, 'w');
  try {
    const checksum = createHash('sha256');
    // A write may be partial: loop until every byte is out, and return how many there were.
    const write = async (data: string | Buffer): Promise<number> => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      checksum.update(bytes);
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
    const digest = checksum.digest();
    for (let done = 0; done < digest.length; ) done += (await out.write(digest, done, digest.length - done)).bytesWritten;
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

/** Reads a snapshot written under `key`. Throws, saying why, on a missing, foreign, truncated, corrupted or stale file. */
export async function readSnapshot(file: string, key: string, options?: SearchIndexOptions): Promise<{ index: SearchIndex; issues: CorpusIssue[] }> {
  const buf = await readFile(file);
  if (buf.length < 8 + CHECKSUM_BYTES || buf.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a paperbot index snapshot');
  const end = buf.length - CHECKSUM_BYTES;
  // Checked before anything is parsed: a flipped bit inside a title would otherwise parse fine and be served.
  if (!createHash('sha256').update(buf.subarray(0, end)).digest().equals(buf.subarray(end))) {
    throw new Error('snapshot checksum does not match (truncated or corrupted)');
  }
  const headerLength = buf.readUInt32LE(end - 4);
  const headerStart = end - 4 - headerLength;
  if (headerStart < 4) throw new Error('snapshot is truncated');
  const header = JSON.parse(buf.toString('utf8', headerStart, end - 4)) as Header;
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
