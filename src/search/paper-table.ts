// The index's papers by document number: records read from the snapshot file on demand, lookups kept in memory.
import { arxivIdFromUrl } from './paper-ref.ts';
import { SpillRecords, type PaperRecords } from './paper-records.ts';
import type { Paper } from '../papers/paper.ts';


/** What the lookup tables keep of a paper: found without reading its record. */
export interface PaperKeys {
  id: string;
  arxivId?: string;
  doi?: string;
  year?: number;
  /** The paper's date as a number that sorts as its date text does (see dayKey); 0 or absent when it has none. */
  day?: number;
}

export function paperKeys(paper: Paper): PaperKeys {
  return { id: paper.id, arxivId: paper.arxivId ?? arxivIdFromUrl(paper.url) ?? arxivIdFromUrl(paper.pdf), doi: paper.doi, year: paper.year, day: dayKey(paper) };
}

/**
 * A paper's date as YYYYMMDD (a missing month or day is 00), from its `date`, else its year: newer is larger, and a
 * year alone sorts before every day of that year. 0 when the paper has neither. Digests and the lab feed order by it
 * without reading records.
 */
export function dayKey(paper: Pick<Paper, 'date' | 'year'>): number {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(paper.date ?? '');
  if (m) return Number(m[1]) * 10000 + Number(m[2] ?? 0) * 100 + Number(m[3] ?? 0);
  const y = paper.year;
  return y !== undefined && Number.isInteger(y) && y > 0 && y < 10000 ? y * 10000 : 0;
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
  /** Each document's dayKey (0: none). */
  private days = new Uint32Array(1024);
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
      const grown = Math.max(doc + 1, this.years.length * 2);
      const years = new Uint16Array(grown);
      years.set(this.years);
      this.years = years;
      const days = new Uint32Array(grown);
      days.set(this.days);
      this.days = days;
    }
    this.days[doc] = keys.day ?? 0;
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

  /** The dayKey of `doc` (0 when it has no date), without reading its record. */
  day(doc: number): number {
    return this.days[doc];
  }

  /** Every document's id, in document order, without reading records. */
  ids(): IterableIterator<string> {
    return this.docOf.keys();
  }

  /** True when every paper is an object in memory (built here, or read in by `loadAll`): no read touches a file. */
  get inMemory(): boolean {
    return !!this.memory || (!this.records && !this.spill);
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
    for (const [id, doc] of this.docOf) keys[doc] = { id, year: this.year(doc), day: this.days[doc] };
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
