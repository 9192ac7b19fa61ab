// The index's papers by document number: records read from the snapshot file on demand, lookups kept in memory.
import { closeSync, readSync } from 'node:fs';
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
}

/** A record that cannot be read back (its bytes were checked by the snapshot's checksum, so a writer's bug). */
export class RecordError extends Error {
  readonly code = 'record_unreadable';
}

/** Records in a file, read with one positioned read each. The file descriptor is closed when the records are collected. */
export class FileRecords implements PaperRecords {
  private static readonly closer = new FinalizationRegistry<number>((fd) => {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  });

  /** `fd`: an open descriptor this object now owns; `base`: where the papers section starts in the file. */
  constructor(
    private readonly fd: number,
    private readonly base: number,
    private readonly offsets: Float64Array,
  ) {
    FileRecords.closer.register(this, fd);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  read(doc: number): Paper {
    const from = this.offsets[doc];
    const length = this.offsets[doc + 1] - from;
    const bytes = Buffer.allocUnsafe(length);
    for (let done = 0; done < length; ) {
      const n = readSync(this.fd, bytes, done, length - done, this.base + from + done);
      if (n === 0) throw new RecordError(`paper ${doc} is cut short in the snapshot file`);
      done += n;
    }
    return parseRecord(bytes, doc);
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
  private readonly docOf = new Map<string, number>();
  private readonly byArxiv = new Map<string, number>();
  private readonly byDoi = new Map<string, number>();
  readonly byYear = new Map<number, number[]>();
  /** Each document's year (0: none), for year filters without reading records. */
  private years = new Uint16Array(1024);
  private everyPaper?: Paper[];

  /** A table over stored records whose keys are given (document order); nothing else may be in it yet. */
  static fromRecords(records: PaperRecords): PaperTable {
    const table = new PaperTable();
    table.records = records;
    return table;
  }

  get size(): number {
    return (this.records?.size ?? 0) + this.added.length;
  }

  /** Records the lookups of document `doc`, whose record is in `records` (stored) or is `paper` (added now). */
  register(keys: PaperKeys, doc: number, paper?: Paper): void {
    if (paper) this.added[doc - (this.records?.size ?? 0)] = paper;
    this.everyPaper = undefined;
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
    const stored = this.records?.size ?? 0;
    return doc < stored ? this.records!.read(doc) : this.added[doc - stored];
  }

  /**
   * Every paper in document order. Reading them all costs what the records were kept out of memory for (about
   * 1.5 s and 2 KB a paper of heap): only callers that need every paper (the bot's Library, trends) call it, once,
   * and it is kept while no paper is added.
   */
  all(): readonly Paper[] {
    if (!this.records) return this.added;
    if (!this.everyPaper) {
      const out: Paper[] = new Array(this.size);
      for (let d = 0; d < out.length; d++) out[d] = this.paper(d);
      this.everyPaper = out;
    }
    return this.everyPaper;
  }
}
