// A snapshot's catalog section: each paper's lookup keys and where its record sits, read without parsing records.
import type { PaperKeys } from './paper-table.ts';
import type { Slices } from './slices.ts';

/** Papers per JSON line of keys (a line is parsed in one go, between requests). */
const KEYS_PER_LINE = 1024;

/** The catalog, decoded: keys by document number, and record offsets into the papers section. */
export interface Catalog {
  /** [id, arXiv id or "", DOI or ""] per document. */
  keys: Array<[string, string, string]>;
  /** Year per document, 0 when none. */
  years: Uint16Array;
  /** dayKey per document (YYYYMMDD), 0 when none. */
  days: Uint32Array;
  /** Record `d` is bytes offsets[d] to offsets[d + 1] of the papers section; offsets[count] is its length. */
  offsets: Float64Array;
}

export class CatalogError extends Error {
  readonly code = 'catalog_unusable';
}

/**
 * Layout: u32 length of the keys text, the keys as JSON lines (arrays of [id, arxiv, doi]), padding to 8 bytes, the
 * years as u16, padding to 8, the days as u32 (dayKey), padding to 8, the record offsets as f64 (count + 1 of them).
 */
export function encodeCatalog(keys: PaperKeys[], offsets: Float64Array): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_LINE) {
    lines.push(`${JSON.stringify(keys.slice(i, i + KEYS_PER_LINE).map((k) => [k.id, k.arxivId ?? '', k.doi ?? '']))}\n`);
  }
  const text = Buffer.from(lines.join(''));
  const years = new Uint16Array(keys.length);
  keys.forEach((k, d) => (years[d] = k.year !== undefined && Number.isInteger(k.year) && k.year > 0 && k.year < 65536 ? k.year : 0));
  const pad = (n: number) => Buffer.alloc((8 - (n % 8)) % 8);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(text.length);
  const head = Buffer.concat([length, text]);
  const days = Uint32Array.from(keys, (k) => (k.day !== undefined && Number.isInteger(k.day) && k.day > 0 && k.day < 2 ** 32 ? k.day : 0));
  const yearBytes = Buffer.from(years.buffer, years.byteOffset, years.byteLength);
  const afterYears = head.length + pad(head.length).length + yearBytes.length;
  const dayBytes = Buffer.from(days.buffer, days.byteOffset, days.byteLength);
  const afterDays = afterYears + pad(afterYears).length + dayBytes.length;
  return Buffer.concat([head, pad(head.length), yearBytes, pad(afterYears), dayBytes, pad(afterDays), Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength)]);
}

/**
 * Reads `encodeCatalog` output for `count` papers whose section is `papersLength` bytes, in slices. Every number a
 * read relies on is checked: as many keys as papers, each with an id, offsets from 0 to the section's end that never
 * go down.
 */
export async function decodeCatalog(buf: Buffer, count: number, papersLength: number, slices: Slices): Promise<Catalog> {
  const fail = (what: string): never => {
    throw new CatalogError(`snapshot catalog ${what}`);
  };
  if (buf.length < 4) fail('is truncated');
  const textLength = buf.readUInt32LE(0);
  let pos = 4 + textLength;
  if (pos > buf.length) fail('is truncated');
  const keys: Catalog['keys'] = [];
  for (let at = 4; at < pos; ) {
    let nl = buf.indexOf(10, at);
    if (nl < 0 || nl > pos) nl = pos;
    let line: unknown;
    try {
      line = JSON.parse(buf.toString('utf8', at, nl));
    } catch {
      fail('keys are not JSON');
    }
    if (!Array.isArray(line)) fail('keys are malformed');
    for (const k of line as unknown[]) {
      if (!Array.isArray(k) || typeof k[0] !== 'string' || !k[0] || typeof k[1] !== 'string' || typeof k[2] !== 'string') fail('holds a paper without an id');
      keys.push(k as [string, string, string]);
    }
    at = nl + 1;
    if (slices.due) await slices.next();
  }
  if (keys.length !== count) fail(`has keys for ${keys.length} papers, not ${count}`);
  pos += (8 - (pos % 8)) % 8;
  const yearsEnd = pos + 2 * count;
  const daysAt = yearsEnd + ((8 - (yearsEnd % 8)) % 8);
  const daysEnd = daysAt + 4 * count;
  const offsetsAt = daysEnd + ((8 - (daysEnd % 8)) % 8);
  if (offsetsAt + 8 * (count + 1) !== buf.length) fail('is not as long as its papers need');
  // Copied: the section's place in the file decides its alignment, and the copies are small (14 bytes a paper).
  const years = new Uint16Array(count);
  years.set(new Uint16Array(new Uint8Array(buf.subarray(pos, yearsEnd)).buffer));
  const days = new Uint32Array(new Uint8Array(buf.subarray(daysAt, daysEnd)).buffer);
  const offsets = new Float64Array(count + 1);
  offsets.set(new Float64Array(new Uint8Array(buf.subarray(offsetsAt, offsetsAt + 8 * (count + 1))).buffer));
  if (offsets[0] !== 0 || offsets[count] !== papersLength) fail('offsets do not span the papers');
  for (let d = 0; d < count; d++) {
    if (!(offsets[d + 1] > offsets[d])) fail('offsets go down');
    if ((d & 65535) === 0 && slices.due) await slices.next();
  }
  return { keys, years, days, offsets };
}

/** The lookup keys of document `doc`. */
export function catalogKeys(catalog: Catalog, doc: number): PaperKeys {
  const [id, arxivId, doi] = catalog.keys[doc];
  return { id, arxivId: arxivId || undefined, doi: doi || undefined, year: catalog.years[doc] || undefined, day: catalog.days[doc] };
}
