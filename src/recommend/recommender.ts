// The lab-feed recommender: ranks candidate papers by a profile of liked and disliked papers, and says why.
import { performance } from 'node:perf_hooks';
import type { Paper } from '../papers/paper.ts';
import { PaperVectors, type VectorOptions } from './paper-vectors.ts';
import { ProfileScorer, type Scored, type ScoringOptions } from './profile-scorer.ts';
import { type Forest, predict, RERANK_FEATURES, rerankFeatures } from './rerank.ts';
import { RERANK_MODEL } from './rerank-model.ts';
import { sharedTerms } from './why.ts';

export interface RecommenderOptions extends VectorOptions, ScoringOptions {
  /**
   * The learned re-ranking of a long ranking's head (`rerank.ts`), null for none. Default: the forest learned on
   * the lab-feed benchmark's tuning split (`RERANK_MODEL`, see docs/lab-feed.md).
   */
  rerank: Forest | null;
}

/** How `addSliced` shares the event loop. */
export interface SliceOptions {
  /** Time spent adding papers before yielding to the event loop, in ms. Default 20. */
  sliceMs: number;
  /** How to yield between slices. Default: `setImmediate`, so pending I/O and timers run first. */
  pause: () => Promise<void>;
}

/** What a lab reads: paper ids it liked (library, 👍, saved) and disliked (👎). Unknown ids are ignored. */
export interface Profile {
  liked: string[];
  disliked?: string[];
}

/** Why a paper was recommended, for the card line "Why: like *<title>* · shared: adversarial, robustness". */
export interface Why {
  /** Id of the liked paper closest to the recommended one. */
  like: string;
  /** Up to 3 distinctive words both papers use, most telling first, as written (lower case, unstemmed); fewer when they share fewer. */
  shared: string[];
}

export interface Recommendation {
  id: string;
  /** Higher is better; comparable only within one ranking. */
  score: number;
  why: Why;
}

/**
 * Which papers to rank: their ids (unknown ids are skipped), or a test on each paper of the recommender
 * (e.g. `publishedSince('2026-01-01')`).
 */
export type Candidates = Iterable<string> | ((paper: Paper) => boolean);

/**
 * A paper's date for "since": its ISO `date`, else January 1st of its `year`, else null (undated papers never pass a
 * `since` test, since nothing says they are new).
 */
export function paperDate(p: Paper): string | null {
  if (p.date) return p.date;
  return p.year !== undefined ? `${String(p.year).padStart(4, '0')}-01-01` : null;
}

/** Candidates dated on or after `since` (YYYY-MM-DD); a paper with only a year counts from that year's start. */
export function publishedSince(since: string): (p: Paper) => boolean {
  // A year-only paper passes when its year is the since-date's year or later: it may be from any day of that year.
  const sinceYear = since.slice(0, 4);
  return (p) => {
    if (p.date) return p.date >= since;
    return p.year !== undefined && String(p.year).padStart(4, '0') >= sinceYear;
  };
}

/**
 * An in-process recommender over a growing set of papers. Papers are turned into tf-idf vectors once
 * (`add` appends, nothing is rebuilt); each `rank` builds the profile's model from its papers and scores only the
 * candidates, so ranking a day's ~400 new papers takes a few milliseconds.
 *
 *     const rec = new Recommender(corpus.papers);
 *     rec.add(newPapers);                                   // e.g. after an arXiv poll
 *     const top = rec.rank({ liked, disliked }, publishedSince('2026-03-01'), 10);
 *     if (top === null) fallBackToTopic();                  // cold start: no liked paper is known
 */
export class Recommender {
  private readonly vectors: PaperVectors;
  private readonly scorer: ProfileScorer;
  private readonly papers: Paper[] = [];
  private readonly rows = new Map<string, number>();
  /** Papers handed to `addSliced` and not added yet (added in order; `finishAdding` drains them at once). */
  private readonly queue: { papers: Paper[]; next: number; reserved: boolean }[] = [];

  /** The learned re-ranking, read at each `rank` (null: the score alone). */
  rerank: Forest | null;

  constructor(papers: Iterable<Paper> = [], options: Partial<RecommenderOptions> = {}) {
    this.vectors = new PaperVectors(options);
    this.scorer = new ProfileScorer(this.vectors, options);
    this.rerank = options.rerank === undefined ? RERANK_MODEL : options.rerank;
    this.add(papers);
  }

  /** The scoring weights, read at each `rank` (change them to tune; the vectors are not rebuilt). */
  get scoring(): ScoringOptions {
    return this.scorer.options;
  }

  /** Number of papers added so far (papers still queued by `addSliced` are not counted yet). */
  get size(): number {
    return this.papers.length;
  }

  /** Number of papers queued by `addSliced` and not added yet. */
  get pending(): number {
    return this.queue.reduce((n, job) => n + job.papers.length - job.next, 0);
  }

  /** Adds papers (a paper whose id is already known is skipped: the first copy stays). */
  add(papers: Iterable<Paper>): void {
    for (const p of papers) this.addOne(p);
  }

  /**
   * Adds papers a slice at a time from the next turn of the event loop, yielding between slices, so a bot can build the vectors of a
   * 75k corpus (~11 s of CPU) while it keeps answering. Resolves when they are all added. A `rank` (or
   * `finishAdding`) called meanwhile first adds the rest at once, so it always sees every paper handed over;
   * papers passed to `add` meanwhile are added at once, ahead of the queue.
   */
  async addSliced(papers: Iterable<Paper>, options: Partial<SliceOptions> = {}): Promise<void> {
    const sliceMs = options.sliceMs ?? 20;
    const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    const job = { papers: [...papers], next: 0, reserved: false };
    this.queue.push(job);
    try {
      // The first slice waits for the next turn too, so the caller (e.g. `Library.open`) returns at once.
      await pause();
      while (job.next < job.papers.length) {
        // Earlier jobs first, so papers are added in the order they were handed over.
        if (this.queue[0] !== job) {
          await pause();
          continue;
        }
        const deadline = performance.now() + sliceMs;
        while (job.next < job.papers.length) {
          this.addOne(job.papers[job.next++]);
          // The clock after every paper: a read costs far less than a paper (~0.1 ms), and early papers are slower.
          if (performance.now() >= deadline) break;
        }
        // After the first slice the mean row size is known: make room for the rest at once (see `reserve`).
        if (job.next < job.papers.length && !job.reserved) {
          this.vectors.reserve(job.papers.length - job.next);
          job.reserved = true;
        }
        if (job.next < job.papers.length) await pause();
      }
    } finally {
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
    }
  }

  /** Adds every paper still queued by `addSliced`, now (synchronously). */
  finishAdding(): void {
    for (const job of this.queue) while (job.next < job.papers.length) this.addOne(job.papers[job.next++]);
  }

  private addOne(p: Paper): void {
    if (this.rows.has(p.id)) return;
    this.rows.set(p.id, this.vectors.add(p));
    this.papers.push(p);
  }

  /**
   * Computes ahead, a slice at a time, what ranking `ids` caches and every `add` makes stale: idf, the background's
   * centroid and table, and each paper's cosine to the background and r(d) (ProfileScorer.warmSteps). The bot warms
   * the newest feed papers after each merge, so the first digest or `/paper for us` after new papers arrive ranks
   * as fast as the next one. Resolves true when done, false when papers were added meanwhile (the caches are stale
   * again; the add's own warm-up takes over) or while an `addSliced` build is still running.
   */
  async warm(ids: Iterable<string>, options: { sliceMs?: number; pause?: () => Promise<void> } = {}): Promise<boolean> {
    if (this.pending > 0) return false;
    const rows: number[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row !== undefined) rows.push(row);
    }
    const size = this.vectors.size;
    const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    const steps = this.scorer.warmSteps(rows);
    for (;;) {
      const end = performance.now() + (options.sliceMs ?? 10);
      let step = steps.next();
      while (!step.done && performance.now() < end) step = steps.next();
      if (step.done) return this.vectors.size === size;
      await pause();
      if (this.vectors.size !== size || this.pending > 0) return false;
    }
  }

  /** The paper with this id, if known. */
  paper(id: string): Paper | undefined {
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.papers[row];
  }

  /**
   * The `limit` best candidates for `profile`, best first, each with why. A list of at least the re-ranking's
   * `minCandidates` (10,000: a corpus, not a day) has its head re-ordered by the learned trees (`rerank.ts`). The
   * profile's own papers (liked and disliked) are never returned. Returns null on a cold start (no liked id is a
   * known paper), so the caller can fall back to a topic or the paper of the day; an empty array means there were no
   * candidates.
   */
  rank(profile: Profile, candidates: Candidates, limit: number): Recommendation[] | null {
    const scored = this.scored(profile, candidates);
    if (scored === null) return null;
    const { liked, rows, result } = scored;
    const want = Math.max(0, Math.floor(limit));
    let order: number[];
    let scores = result.scores;
    const forest = this.rerank;
    if (forest && rows.length >= forest.minCandidates && want > 0) {
      // The head by the score, re-ordered by the trees (their score replaces it for those papers).
      const head = topK(result.scores, Math.max(forest.top, want));
      const x = rerankFeatures(this.vectors, liked, rows, result, head);
      scores = Float64Array.from(result.scores);
      head.forEach((i, j) => (scores[i] = predict(forest, x, RERANK_FEATURES.length, j)));
      order = head.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, want);
    } else order = topK(result.scores, want);
    return order.map((i) => {
      const row = rows[i];
      const like = liked[result.closest[i]];
      return {
        id: this.papers[row].id,
        score: scores[i],
        why: { like: this.papers[like].id, shared: sharedTerms(this.vectors, like, row, 3) },
      };
    });
  }

  /**
   * The `top` best candidates by the score alone (no re-ranking), each with the re-ranking's features (row-major,
   * `RERANK_FEATURES` order): what bench/lab-feed-train.ts learns the trees from. Null on a cold start.
   */
  rerankRows(profile: Profile, candidates: Candidates, top: number): { ids: string[]; features: Float64Array } | null {
    const scored = this.scored(profile, candidates);
    if (scored === null) return null;
    const head = topK(scored.result.scores, top);
    return { ids: head.map((i) => this.papers[scored.rows[i]].id), features: rerankFeatures(this.vectors, scored.liked, scored.rows, scored.result, head) };
  }

  /** The profile's papers (liked oldest first), the candidate rows (the profile's own left out) and their scores. */
  private scored(profile: Profile, candidates: Candidates): { liked: number[]; rows: number[]; result: Scored } | null {
    this.finishAdding();
    // Oldest first (undated ones count as oldest): a stable order, so a tie for the closest liked paper is always
    // broken the same way.
    const liked = this.known(profile.liked).sort((a, b) => (paperDate(this.papers[a]) ?? '').localeCompare(paperDate(this.papers[b]) ?? '') || a - b);
    if (liked.length === 0) return null;
    const disliked = this.known(profile.disliked ?? []).filter((r) => !liked.includes(r));
    const own = new Set([...liked, ...disliked]);
    const rows = this.candidateRows(candidates).filter((r) => !own.has(r));
    return { liked, rows, result: this.scorer.score({ liked, disliked }, rows) };
  }

  private known(ids: Iterable<string>): number[] {
    const out: number[] = [];
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (row !== undefined) out.push(row);
    }
    return out;
  }

  private candidateRows(candidates: Candidates): number[] {
    if (typeof candidates === 'function') {
      const out: number[] = [];
      this.papers.forEach((p, row) => {
        if (candidates(p)) out.push(row);
      });
      return out;
    }
    return this.known(candidates);
  }
}

/** Indices of the k highest scores, best first (ties by lower index, so rankings are stable). */
function topK(scores: Float64Array, k: number): number[] {
  if (k === 0 || scores.length === 0) return [];
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  if (k < scores.length / 8) {
    // Cheap pre-filter: the k-th best score bounds what can enter, so only a few papers get sorted.
    const sample = Float64Array.from(scores).sort().reverse();
    const bar = sample[Math.min(k, sample.length) - 1];
    return idx.filter((i) => scores[i] >= bar).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
  }
  return idx.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
}
