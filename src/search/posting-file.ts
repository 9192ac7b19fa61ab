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

/** Reads `encodePostings` output. Arrays are views into `buf` where alignment allows, copies where it does not. */
export function decodePostings(buf: Buffer): PostingArrays {
  const headerLength = buf.readUInt32LE(0);
  const termLength = buf.readUInt32LE(4);
  const header = JSON.parse(buf.subarray(8, 8 + headerLength).toString()) as {
    format: number;
    fields: string[];
    count: number;
    totalLength: number[];
    sizes: number[];
  };
  if (header.format !== FORMAT) throw new Error(`posting store format ${header.format} is not ${FORMAT}`);
  const termText = buf.subarray(8 + headerLength, 8 + headerLength + termLength).toString();
  let pos = 8 + headerLength + termLength;
  const sizes = [...header.sizes];
  const next = <T>(Kind: { new (b: ArrayBufferLike, o: number, n: number): T; BYTES_PER_ELEMENT: number }): T => {
    const bytes = sizes.shift()!;
    pos += (8 - (pos % 8)) % 8;
    let source = buf;
    let at = pos;
    if ((buf.byteOffset + pos) % Kind.BYTES_PER_ELEMENT !== 0) {
      source = Buffer.from(buf.subarray(pos, pos + bytes));
      at = 0;
    }
    pos += bytes;
    return new Kind(source.buffer, source.byteOffset + at, bytes / Kind.BYTES_PER_ELEMENT);
  };
  const docFreqs = next(Uint32Array);
  const frozen: FrozenField[] = [];
  const fieldLengths: Uint16Array[] = [];
  for (let f = 0; f < header.fields.length; f++) {
    frozen.push({ offsets: next(Uint32Array), docs: next(Uint32Array), tfs: next(Uint16Array) });
    fieldLengths.push(next(Uint16Array));
  }
  return {
    fields: header.fields,
    count: header.count,
    totalLength: header.totalLength,
    terms: termText ? termText.split('\n') : [],
    docFreqs,
    frozen,
    fieldLengths,
  };
}
