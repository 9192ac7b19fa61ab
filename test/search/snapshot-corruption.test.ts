// A snapshot whose checksum holds but whose numbers are wrong (resealed here) is rebuilt, and no loop reads past it.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLog } from '../../src/log.ts';
import { CorruptPostingsError } from '../../src/search/posting-file.ts';
import { PostingStore } from '../../src/search/postings.ts';
import { Slices } from '../../src/search/slices.ts';
import { openIndex } from '../../src/search/snapshot.ts';

let dir: string;
let papersDir: string;
let cacheDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-corrupt-'));
  papersDir = join(dir, 'papers');
  cacheDir = join(dir, 'cache');
  mkdirSync(papersDir);
  copyFileSync('data/papers/madry-profile.txt', join(papersDir, 'madry-profile.txt'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CHECKSUM = 32;

/** Where things sit in a snapshot file (the layout snapshot-file.ts and posting-file.ts write). */
function layout(bytes: Buffer) {
  const end = bytes.length - CHECKSUM;
  const headerLength = bytes.readUInt32LE(end - 4);
  const header = JSON.parse(bytes.toString('utf8', end - 4 - headerLength, end - 4));
  const [papersLength, vocabularyLength, postingsLength] = header.sections as number[];
  const postingsAt = 4 + papersLength + vocabularyLength;
  const catalogAt = postingsAt + postingsLength;
  const postingsHeaderLength = bytes.readUInt32LE(postingsAt);
  const termLength = bytes.readUInt32LE(postingsAt + 4);
  const postingsHeader = JSON.parse(bytes.toString('utf8', postingsAt + 8, postingsAt + 8 + postingsHeaderLength));
  // docFreqs, then per field: offsets, docs, tfs, lengths; each 8-byte aligned from the postings' start.
  let pos = 8 + postingsHeaderLength + termLength;
  const arrays = (postingsHeader.sizes as number[]).map((size) => {
    pos += (8 - (pos % 8)) % 8;
    const at = postingsAt + pos;
    pos += size;
    return { at, size };
  });
  const u32 = (a: { at: number; size: number }) => ({ get: (i: number) => bytes.readUInt32LE(a.at + 4 * i), set: (i: number, v: number) => bytes.writeUInt32LE(v, a.at + 4 * i), length: a.size / 4 });
  return { header, postingsAt, catalogAt, postingsHeaderLength, count: postingsHeader.count as number, offsets: u32(arrays[1]), docs: u32(arrays[2]) };
}

/** A new checksum over the changed bytes: the corruption gets past it, as a bug in a writer's numbers would. */
function reseal(bytes: Buffer): Buffer {
  const end = bytes.length - CHECKSUM;
  createHash('sha256').update(bytes.subarray(0, end)).digest().copy(bytes, end);
  return bytes;
}

/** Replaces the file header (section lengths, key) and reseals. */
function withHeader(bytes: Buffer, change: (header: Record<string, any>) => void): Buffer {
  const end = bytes.length - CHECKSUM;
  const headerLength = bytes.readUInt32LE(end - 4);
  const header = JSON.parse(bytes.toString('utf8', end - 4 - headerLength, end - 4));
  change(header);
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return reseal(Buffer.concat([bytes.subarray(0, end - 4 - headerLength), json, length, Buffer.alloc(CHECKSUM)]));
}

function memoryLog() {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(JSON.parse(String(chunk))), cb()) });
  return { log: createLog('debug', sink), lines };
}

/** Builds the snapshot, corrupts it with `corrupt`, opens again: rebuilt, with the reason logged. */
async function expectRebuilt(corrupt: (bytes: Buffer) => Buffer, why: RegExp) {
  const first = await openIndex({ paths: [papersDir], cacheDir });
  const file = join(cacheDir, `index-${first.key}.pbix`);
  writeFileSync(file, corrupt(readFileSync(file)));
  const { log, lines } = memoryLog();
  const again = await openIndex({ paths: [papersDir], cacheDir, log });
  expect(again.source).toBe('built');
  expect(lines.find((l) => l.event === 'snapshot_unusable')?.error).toMatch(why);
  expect(again.index.search('robustness').total).toBe(first.index.search('robustness').total);
  expect(again.index.search('hsdf').hits).toEqual([]);
  // The good snapshot written by the rebuild is served next time.
  expect((await openIndex({ paths: [papersDir], cacheDir })).source).toBe('snapshot');
}

describe('a snapshot with bad numbers behind a good checksum', () => {
  it('an offset far past the postings: rebuilt', async () => {
    await expectRebuilt((b) => {
      const { offsets } = layout(b);
      offsets.set(offsets.length >> 1, 0xfffffff0);
      return reseal(b);
    }, /posting store offsets/);
  });

  it('the last offset past the end of the lists: rebuilt', async () => {
    await expectRebuilt((b) => {
      const { offsets } = layout(b);
      offsets.set(offsets.length - 1, offsets.get(offsets.length - 1) + 1000);
      return reseal(b);
    }, /posting store offsets do not span/);
  });

  it('offsets that go down: rebuilt', async () => {
    await expectRebuilt((b) => {
      const { offsets } = layout(b);
      const i = offsets.length >> 1;
      offsets.set(i, offsets.get(i + 1) + 5);
      return reseal(b);
    }, /posting store offsets go down/);
  });

  it('a document number past the count: rebuilt', async () => {
    await expectRebuilt((b) => {
      const { docs, count } = layout(b);
      docs.set(docs.length >> 1, count + 7);
      return reseal(b);
    }, /document past the count/);
  });

  it('an array size past the data: rebuilt', async () => {
    await expectRebuilt((b) => {
      const { postingsAt, postingsHeaderLength } = layout(b);
      const text = b.toString('utf8', postingsAt + 8, postingsAt + 8 + postingsHeaderLength);
      // The same number of bytes, so only the number changes: the first array's size becomes all nines.
      const changed = text.replace(/"sizes":\[(\d+)/, (_m, n: string) => `"sizes":[${'9'.repeat(n.length)}`);
      b.write(changed, postingsAt + 8, 'utf8');
      return reseal(b);
    }, /posting store/);
  });

  it('a section length past the file: rebuilt', async () => {
    await expectRebuilt((b) => withHeader(b, (h) => (h.sections[0] += 1e9)), /truncated/);
  });

  it('a negative or fractional section length: rebuilt', async () => {
    await expectRebuilt((b) => withHeader(b, (h) => (h.sections = [-5, h.sections[1], h.sections[2] + h.sections[0] + 5, h.sections[3]])), /sections are malformed/);
  });

  it('a header length past the file: rebuilt', async () => {
    await expectRebuilt((b) => {
      b.writeUInt32LE(0xffffff00, b.length - CHECKSUM - 4);
      return reseal(b);
    }, /truncated/);
  });

  it('a paper without an id in the catalog: rebuilt', async () => {
    await expectRebuilt((b) => {
      const { catalogAt } = layout(b);
      // The first key's id ("...") becomes null, padded with spaces to the same length.
      const quote = b.indexOf('[["', catalogAt) + 2;
      const close = b.indexOf('"', quote + 1);
      Buffer.from('null'.padEnd(close + 1 - quote, ' ')).copy(b, quote);
      return reseal(b);
    }, /without an id/);
  });

  it('record offsets that go down: rebuilt', async () => {
    await expectRebuilt((b) => {
      const { catalogAt, header } = layout(b);
      const offsetsAt = catalogAt + header.sections[3] - 8 * (header.count + 1);
      b.writeDoubleLE(b.readDoubleLE(offsetsAt + 8 * 2), offsetsAt + 8);
      return reseal(b);
    }, /offsets go down/);
  });

  it('a paper count the catalog does not hold: rebuilt', async () => {
    await expectRebuilt((b) => withHeader(b, (h) => (h.count += 1)), /catalog has keys for/);
  });
});

describe('posting loops over bad numbers', () => {
  /** A small store, serialized, with the first field's offset for term `t` + 1 pushed 1000 past its lists. */
  function corrupted() {
    const store = new PostingStore(['title']);
    store.add([['alpha', 'beta']]);
    store.add([['alpha', 'gamma']]);
    store.add([['beta', 'hsdf']]);
    const buf = store.serialize();
    const headerLength = buf.readUInt32LE(0);
    const termLength = buf.readUInt32LE(4);
    const sizes = JSON.parse(buf.toString('utf8', 8, 8 + headerLength)).sizes as number[];
    let pos = 8 + headerLength + termLength;
    pos += (8 - (pos % 8)) % 8;
    pos += sizes[0];
    pos += (8 - (pos % 8)) % 8; // the offsets of field 0
    const docs = buf.readUInt32LE(pos + 4 * (store.termCount)); // the last offset: how many postings there are
    const hsdf = store.termList().indexOf('hsdf');
    buf.writeUInt32LE(docs + 1000, pos + 4 * (hsdf + 1));
    return { buf, postings: docs };
  }

  it('a store opened for serving refuses them', async () => {
    await expect(PostingStore.open(corrupted().buf, new Slices())).rejects.toBeInstanceOf(CorruptPostingsError);
  });

  it('readers never run past the lists, even over unchecked data (a query for "hsdf" returns)', () => {
    const { buf, postings } = corrupted();
    const store = PostingStore.deserialize(buf);
    let calls = 0;
    store.forEachPosting('hsdf', () => calls++);
    expect(calls).toBeLessThanOrEqual(postings);
    expect(store.termFrequency('hsdf', 0, 2)).toBe(1);
    const { total } = store.score([{ term: 'hsdf', source: 0, weight: 1 }], { boosts: [1], bm25: { k: 1.2, b: 0.7, d: 0.5 }, coverage: 1, top: 10 });
    expect(total).toBeLessThanOrEqual(store.size);
  });
});
