// What MaxScore knows of each frozen posting list (bound, block maxima, impacts), kept across queries.
import { BLOCK, frontier, listBound, listImpacts, type Cursor } from './max-score.ts';

/** What MaxScore keeps of one frozen list. */
interface ListStats {
  /** Its (tf, length) frontier: bounds for any average length (max-score.ts `frontier`). */
  points: number[];
  /** Impacts and block maxima (max-score.ts `listImpacts`) for the average and BM25 setting in `key`. */
  impacts?: Float64Array;
  blocks?: Float64Array;
  key?: string;
}

/** Impacts kept for the lists of recent queries, in postings (8 bytes each): 8M is 64 MB, "model" at 1M is 1M. */
const MAX_IMPACTS = 8_000_000;
/** Lists shorter than this many blocks are walked without impacts or block maxima (they would save little). */
const MIN_BLOCKS = 16;

/**
 * Per field and term id, the frontier of its frozen list (computed on first use) and, for long lists, impacts and
 * block maxima for the current average length (computed again when it moves, the least recently computed dropped
 * past MAX_IMPACTS). The posting store clears it whenever its frozen lists change.
 */
export class ListStatsCache {
  private byField: Array<Map<number, ListStats>>;
  private withImpacts: ListStats[] = [];
  private impactPostings = 0;

  constructor(private readonly fields: number) {
    this.byField = Array.from({ length: fields }, () => new Map());
  }

  clear(): void {
    this.byField = Array.from({ length: this.fields }, () => new Map());
    this.withImpacts = [];
    this.impactPostings = 0;
  }

  /** A cursor over frozen list `docs/tfs[start, end)` of term `term` in field `field`. */
  cursor(
    field: number,
    term: number,
    list: { docs: Uint32Array; tfs: Uint16Array; start: number; end: number },
    base: { weight: number; bit: number; lengths: Uint16Array; avg: number },
    bm25: { k: number; b: number; d: number },
  ): Cursor {
    const { docs, tfs, start, end } = list;
    const { lengths, avg, weight } = base;
    const { k, b, d } = bm25;
    let stats = this.byField[field].get(term);
    if (!stats) this.byField[field].set(term, (stats = { points: frontier(docs, tfs, start, end, lengths) }));
    const key = `${avg} ${k} ${b} ${d}`;
    if (end - start >= MIN_BLOCKS * BLOCK && stats.key !== key) this.keep(stats, listImpacts(docs, tfs, start, end, lengths, avg, k, b, d), key);
    const known = stats.key === key ? stats : undefined;
    return { ...base, docs, tfs, start, end, bound: listBound(stats.points, weight, avg, k, b, d), blocks: known?.blocks, impacts: known?.impacts };
  }

  /** Keeps a list's impacts, dropping the oldest others' past MAX_IMPACTS postings. */
  private keep(stats: ListStats, made: { impacts: Float64Array; blocks: Float64Array }, key: string): void {
    if (stats.impacts) this.impactPostings -= stats.impacts.length;
    else this.withImpacts.push(stats);
    Object.assign(stats, made, { key });
    this.impactPostings += made.impacts.length;
    while (this.impactPostings > MAX_IMPACTS && this.withImpacts.length > 1) {
      const old = this.withImpacts.shift()!;
      this.impactPostings -= old.impacts?.length ?? 0;
      old.impacts = old.blocks = old.key = undefined;
    }
  }
}
