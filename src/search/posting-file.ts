// The PostingStore's binary snapshot form: a JSON header, the term list, then the typed arrays, 8-byte aligned.
import type { FrozenField } from './postings.ts';

/** Layout version; bump when the binary form changes (old snapshots are then rebuilt, never misread). */
const FORMAT = 2;

/** Everything a PostingStore is made of, as plain arrays. */
export interface PostingArrays {
  fields: string[];
  count: number;
  /** Per field, the sum of its lengths over all documents (for the average). */
  totalLength: number[];
  /** By term id. */
  terms: string[];
  docFreqs: Uint32Array;
  frozen: FrozenField[];
  /** Per field, each document's length in distinct terms. */
  fieldLengths: Uint16Array[];
}

export function encodePostings(data: PostingArrays): Buffer {
  const arrays: ArrayBufferView[] = [data.docFreqs];
  data.fields.forEach((_f, f) => {
    const { offsets, docs, tfs } = data.frozen[f];
    arrays.push(offsets, docs, tfs, data.fieldLengths[f]);
  });
  const header = Buffer.from(
    JSON.stringify({ format: FORMAT, fields: data.fields, count: data.count, totalLength: data.totalLength, sizes: arrays.map((a) => a.byteLength) }),
  );
  const termText = Buffer.from(data.terms.join('\n'));
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32LE(header.length, 0);
  prefix.writeUInt32LE(termText.length, 4);
  const parts: Buffer[] = [prefix, header, termText];
  let size = 8 + header.length + termText.length;
  for (const a of arrays) {
    const pad = (8 - (size % 8)) % 8;
    if (pad) parts.push(Buffer.alloc(pad));
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    size += pad + a.byteLength;
  }
  return Buffer.concat(parts, size);
}

/** A posting store's bytes that do not add up: the snapshot holding them is rebuilt, never served. */
export class CorruptPostingsError extends Error {
  readonly code = 'corrupt_postings';
}

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new CorruptPostingsError(`posting store ${what}`);
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * Reads `encodePostings` output. Arrays are views into `buf` where alignment allows, copies where it does not.
 * Every length is checked against the bytes there are, so bad numbers throw here instead of reading past the data;
 * the contents of the lists are checked by `checkPostings`.
 */
export function decodePostings(buf: Buffer): PostingArrays {
  check(buf.length >= 8, 'is truncated');
  const headerLength = buf.readUInt32LE(0);
  const termLength = buf.readUInt32LE(4);
  check(8 + headerLength + termLength <= buf.length, 'header runs past the data');
  let header: { format: number; fields: string[]; count: number; totalLength: number[]; sizes: number[] };
  try {
    header = JSON.parse(buf.subarray(8, 8 + headerLength).toString());
  } catch {
    throw new CorruptPostingsError('header is not JSON');
  }
  check(header?.format === FORMAT, `format ${header?.format} is not ${FORMAT}`);
  const { fields, count, totalLength, sizes } = header;
  check(Array.isArray(fields) && fields.length > 0 && fields.every((f) => typeof f === 'string'), 'fields are malformed');
  check(isCount(count), 'document count is malformed');
  check(Array.isArray(totalLength) && totalLength.length === fields.length && totalLength.every(isCount), 'field lengths are malformed');
  check(Array.isArray(sizes) && sizes.length === 1 + 4 * fields.length && sizes.every(isCount), 'array sizes are malformed');
  const termText = buf.subarray(8 + headerLength, 8 + headerLength + termLength).toString();
  let pos = 8 + headerLength + termLength;
  let nextSize = 0;
  const next = <T>(Kind: { new (b: ArrayBufferLike, o: number, n: number): T; BYTES_PER_ELEMENT: number }): T => {
    const bytes = sizes[nextSize++];
    pos += (8 - (pos % 8)) % 8;
    check(bytes % Kind.BYTES_PER_ELEMENT === 0 && pos + bytes <= buf.length, 'array runs past the data');
    let source = buf;
    let at = pos;
    if ((buf.byteOffset + pos) % Kind.BYTES_PER_ELEMENT !== 0) {
      source = Buffer.from(buf.subarray(pos, pos + bytes));
      at = 0;
    }
    pos += bytes;
    return new Kind(source.buffer, source.byteOffset + at, bytes / Kind.BYTES_PER_ELEMENT);
  };
  const terms = termText ? termText.split('\n') : [];
  const docFreqs = next(Uint32Array);
  check(docFreqs.length === terms.length, 'has document frequencies for another number of terms');
  const frozen: FrozenField[] = [];
  const fieldLengths: Uint16Array[] = [];
  for (let f = 0; f < fields.length; f++) {
    const field = { offsets: next(Uint32Array), docs: next(Uint32Array), tfs: next(Uint16Array) };
    check(field.offsets.length === terms.length + 1, 'has offsets for another number of terms');
    check(field.docs.length === field.tfs.length, 'has as many documents as frequencies');
    frozen.push(field);
    fieldLengths.push(next(Uint16Array));
    check(fieldLengths[f].length === count, 'has lengths for another number of documents');
  }
  check(pos === buf.length, 'has bytes after its arrays');
  return { fields, count, totalLength, terms, docFreqs, frozen, fieldLengths };
}

/**
 * Checks what the query loops rely on, in slices (about 40 M numbers at 75k papers): offsets start at 0, never go
 * down and end at the list's length, and every document number is below the count. A corrupted offset would
 * otherwise send a posting loop far past its list ("hsdf" on a corrupted snapshot never returned).
 */
export async function checkPostings(data: PostingArrays, slices: { due: boolean; next(): Promise<void> }): Promise<void> {
  const STEP = 1 << 16;
  for (const { offsets, docs } of data.frozen) {
    check(offsets[0] === 0 && offsets[offsets.length - 1] === docs.length, 'offsets do not span the lists');
    for (let from = 1; from < offsets.length; from += STEP) {
      const to = Math.min(offsets.length, from + STEP);
      for (let i = from; i < to; i++) if (offsets[i] < offsets[i - 1]) throw new CorruptPostingsError('posting store offsets go down');
      if (slices.due) await slices.next();
    }
    for (let from = 0; from < docs.length; from += STEP) {
      const to = Math.min(docs.length, from + STEP);
      for (let i = from; i < to; i++) if (docs[i] >= data.count) throw new CorruptPostingsError('posting store names a document past the count');
      if (slices.due) await slices.next();
    }
  }
}
