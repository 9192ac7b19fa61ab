// The index's papers by document number: records read from the snapshot file on demand, lookups kept in memory.
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { arxivIdFromUrl } from './paper-ref.ts';
import type { Paper } from '../papers/paper.ts';

/**
 * Papers stored outside the JS heap: one JSON object each, at `offsets[doc]` to `offsets[doc + 1]` of a snapshot's
 * papers section. A query reads only the papers it shows and the rerank window (about 30, ~0.5 ms), so 1M papers
 * (1.8 GB of JSON, twice that as objects) cost the process 8 bytes each for their offset.
 */
export interface PaperRecords {
  readonly size: number;
  read(doc: number): Paper;
  /** The record's JSON text, unparsed (a snapshot copies it as it is). */
  text(doc: number): string;
}

/** Closes a descriptor when the object owning it is collected. */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** Reads `length` bytes at `position` of `fd`, or throws when the file is shorter. */
function readAt(fd: number, position: number, length: number, doc: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; ) {
    const n = readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) throw new RecordError(`paper ${doc} is cut short in its file`);
    done += n;
  }
  return bytes;
}

/** A record that cannot be read back (its bytes were checked by the snapshot's checksum, so a writer's bug). */
export class RecordError extends Error {
  readonly code = 'record_unreadable';
}

/** Records in a file, read with one positioned read each. The file descriptor is closed when the records are collected. */
export class FileRecords implements PaperRecords {
  /** `fd`: an open descriptor this object now owns; `base`: where the papers section starts in the file. */
  constructor(
    private readonly fd: number,
    private readonly base: number,
    private readonly offsets: Float64Array,
  ) {
    closer.register(this, fd);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  read(doc: number): Paper {
    return parseRecord(this.bytes(doc), doc);
  }

  text(doc: number): string {
    return lineText(this.bytes(doc));
  }

  private bytes(doc: number): Buffer {
    const from = this.offsets[doc];
    return readAt(this.fd, this.base + from, this.offsets[doc + 1] - from, doc);
  }
}

/**
 * Papers written to a file as they are added, so that a build does not keep them on the heap (1M papers are ~3 GB
 * of objects there, and every major garbage collection walks them): JSON lines in an unlinked temporary file, read
 * back by offset. The file is removed from its folder at once, so nothing is left behind whatever happens.
 */
export class SpillRecords implements PaperRecords {
  private readonly fd: number;
  private offsets = new Float64Array(1024);
  private count = 0;
  private written = 0;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `papers-${process.pid}-${randomUUID()}.spill`);
    this.fd = openSync(file, 'w+');
    try {
      unlinkSync(file);
    } catch {
      // A platform that cannot unlink an open file keeps it until the folder is cleaned.
    }
    closer.register(this, this.fd);
  }

  get size(): number {
    return this.count;
  }

  append(paper: Paper): void {
    const line = `${JSON.stringify(paper)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.count + 2 > this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[this.count + 1] = this.offsets[this.count] + bytes;
    this.count++;
    this.pending.push(line);
    this.pendingBytes += bytes;
    if (this.pendingBytes >= 4 << 20) this.flush();
  }

  read(doc: number): Paper {
    return parseRecord(this.bytes(doc), doc);
  }

  text(doc: number): string {
    return lineText(this.bytes(doc));
  }

  private bytes(doc: number): Buffer {
    this.flush();
    const from = this.offsets[doc];
    return readAt(this.fd, from, this.offsets[doc + 1] - from, doc);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''));
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** Records in memory (a snapshot made by the index worker and not saved to a file). */
export class BufferRecords implements PaperRecords {
  constructor(
    private readonly bytes: Buffer,
    private readonly offsets: Float64Array,
  ) {}

  get size(): number {
    return this.offsets.length - 1;
  }

  read(doc: number): Paper {
    return parseRecord(this.bytes.subarray(this.offsets[doc], this.offsets[doc + 1]), doc);
  }

  text(doc: number): string {
    return lineText(this.bytes.subarray(this.offsets[doc], this.offsets[doc + 1]));
  }
}

/** A record's bytes as text, without the newline that ends its line. */
function lineText(bytes: Buffer): string {
  return bytes.toString('utf8', 0, bytes.length > 0 && bytes[bytes.length - 1] === 10 ? bytes.length - 1 : bytes.length);
}

function parseRecord(bytes: Buffer, doc: number): Paper {
  try {
    return JSON.parse(bytes.toString('utf8')) as Paper;
  } catch {
    throw new RecordError(`paper ${doc} in the snapshot is not JSON`);
  }
}

/** What the lookup tables keep of a paper: found without reading its record. */
export interface PaperKeys {
  id: string;
  arxivId?: string;
  doi?: string;
  year?: number;
}

export function paperKeys(paper: Paper): PaperKeys {
  return { id: paper.id, arxivId: paper.arxivId ?? arxivIdFromUrl(paper.url) ?? arxivIdFromUrl(paper.pdf), doi: paper.doi, year: paper.year };
}

/**
 * Document number -> paper, and the lookups by id, arXiv id, DOI and year. Papers of a snapshot stay in its file
 * (`records`, documents 0 to records.size - 1); papers added afterwards (the arXiv poller, an edited corpus file) and
 * papers of an index built in this process are kept as objects.
 */
export class PaperTable {
  private records?: PaperRecords;
  private readonly added: Paper[] = [];
  /** Where added papers go instead of `added` when the table was made with a spill folder. */
  private readonly spill?: SpillRecords;
  private readonly docOf = new Map<string, number>();
  private readonly byArxiv = new Map<string, number>();
  private readonly byDoi = new Map<string, number>();
  readonly byYear = new Map<number, number[]>();
  /** Each document's year (0: none), for year filters without reading records. */
  private years = new Uint16Array(1024);
  /** Every paper as an object, by document number, once `all()` or `loadAll()` has read them; kept up to date. */
  private memory?: Paper[];

  /** `spillDir`: write added papers to a temporary file there instead of keeping them (see SpillRecords). */
  constructor(spillDir?: string) {
    if (spillDir) this.spill = new SpillRecords(spillDir);
  }

  /** A table over stored records whose keys are given (document order); nothing else may be in it yet. */
  static fromRecords(records: PaperRecords): PaperTable {
    const table = new PaperTable();
    table.records = records;
    return table;
  }

  get size(): number {
    return (this.records?.size ?? 0) + (this.spill?.size ?? this.added.length);
  }

  /** Records the lookups of document `doc`, whose record is in `records` (stored) or is `paper` (added now). */
  register(keys: PaperKeys, doc: number, paper?: Paper): void {
    if (paper && this.spill) this.spill.append(paper);
    else if (paper) this.added[doc - (this.records?.size ?? 0)] = paper;
    if (paper && this.memory) this.memory[doc] = paper;
    this.docOf.set(keys.id, doc);
    if (keys.arxivId) this.byArxiv.set(keys.arxivId.toLowerCase(), doc);
    if (keys.doi) this.byDoi.set(keys.doi.toLowerCase(), doc);
    if (doc >= this.years.length) {
      const years = new Uint16Array(Math.max(doc + 1, this.years.length * 2));
      years.set(this.years);
      this.years = years;
    }
    const year = keys.year;
    if (year !== undefined && Number.isInteger(year) && year > 0 && year < 65536) {
      this.years[doc] = year;
      const list = this.byYear.get(year);
      if (list) list.push(doc);
      else this.byYear.set(year, [doc]);
    }
  }

  has(id: string): boolean {
    return this.docOf.has(id);
  }

  doc(id: string): number | undefined {
    return this.docOf.get(id);
  }

  byArxivId(arxivId: string): number | undefined {
    return this.byArxiv.get(arxivId.toLowerCase());
  }

  byDoiName(doi: string): number | undefined {
    return this.byDoi.get(doi.toLowerCase());
  }

  /** The year of `doc` (undefined when it has none), without reading its record. */
  year(doc: number): number | undefined {
    return this.years[doc] || undefined;
  }

  /** The paper of document `doc`: read from the snapshot file when it came from one (a fresh object each time). */
  paper(doc: number): Paper {
    const kept = this.memory?.[doc];
    if (kept) return kept;
    const stored = this.records?.size ?? 0;
    if (doc < stored) return this.records!.read(doc);
    return this.spill ? this.spill.read(doc - stored) : this.added[doc - stored];
  }

  /** The JSON text of document `doc`'s paper (a stored or spilled record is copied without parsing it). */
  paperText(doc: number): string {
    const stored = this.records?.size ?? 0;
    if (doc < stored) return this.records!.text(doc);
    return this.spill ? this.spill.text(doc - stored) : JSON.stringify(this.added[doc - stored]);
  }

  /** Every document's lookup keys, in document order (arXiv ids and DOIs lower-cased, as looked up). */
  allKeys(): PaperKeys[] {
    const keys: PaperKeys[] = new Array(this.size);
    for (const [id, doc] of this.docOf) keys[doc] = { id, year: this.year(doc) };
    for (const [arxivId, doc] of this.byArxiv) keys[doc].arxivId = arxivId;
    for (const [doi, doc] of this.byDoi) keys[doc].doi = doi;
    return keys;
  }

  /**
   * Every paper in document order. Reading them all costs what the records were kept out of memory for (about
   * 1 s and 2 KB a paper of heap at 75k): only callers that need every paper (the bot's Library, trends) call it;
   * the objects are then kept, papers added later join them, and queries read them instead of the file.
   */
  all(): readonly Paper[] {
    if (!this.records && !this.spill) return this.added;
    if (!this.memory) {
      const out: Paper[] = new Array(this.size);
      for (let d = 0; d < out.length; d++) out[d] = this.paper(d);
      this.memory = out;
    }
    return this.memory;
  }

  /** `all()` a slice at a time (`pause` between slices), for a start that answers requests meanwhile. */
  async loadAll(pause: () => Promise<void>): Promise<void> {
    if (this.memory || (!this.records && !this.spill)) return;
    const out: Paper[] = new Array(this.size);
    for (let d = 0; d < out.length; d++) {
      out[d] = this.paper(d);
      if ((d & 255) === 255) await pause();
    }
    // Papers added while this ran are in `added` or the spill file; read them too.
    for (let d = out.length; d < this.size; d++) out[d] = this.paper(d);
    this.memory ??= out;
    // The stored records are now objects: let go of the file or the bytes behind them (a worker's whole snapshot).
    const memory = this.memory;
    if (this.records) {
      const size = this.records.size;
      this.records = { size, read: (doc) => memory[doc], text: (doc) => JSON.stringify(memory[doc]) };
    }
  }
}
