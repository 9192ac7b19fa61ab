// Ranking settings (field boosts, BM25+ parameters, coverage and proximity rerank) and their measured defaults.
import { tokens } from './analyzer.ts';
import type { Paper } from '../papers/paper.ts';

/** The indexed fields of a paper. */
export const FIELDS = ['title', 'abstract', 'authors', 'venue'] as const;
export type Field = (typeof FIELDS)[number];

/**
 * How hits are scored. Defaults were picked on the SciFact *train* split (bench/relevance.ts, README table) and
 * reported once on test. Change them only with a new measurement.
 */
export interface RankingOptions {
  /** Weight of a match in each field (MiniSearch `boost`). Default 1 for title, abstract and authors, 0.5 for venue. */
  boost: Record<Field, number>;
  /**
   * BM25+ parameters (MiniSearch `bm25`): k = term-frequency saturation, b = length normalization, d = floor for
   * one occurrence. MiniSearch's default is {k: 1.2, b: 0.7, d: 0.5}; ours {k: 1.5, b: 0.8, d: 0} measured better.
   */
  bm25: { k: number; b: number; d: number };
  /**
   * Reward for matching the query's rarer terms: MiniSearch multiplies a score by the *number* of query terms
   * matched; we multiply instead by (share of the query's idf mass matched)^coverage. Default 1; 0 is plain BM25.
   * This one change moved SciFact train nDCG@10 from 0.674 to 0.698.
   */
  coverage: number;
  /**
   * Rerank bonus when query terms that are neighbours in the query are also neighbours (within `window` words, any
   * order) in the title + abstract: score × (1 + proximity × share of query neighbour pairs found). Default 1.2.
   * 0 turns the rerank off.
   */
  proximity: number;
  /** Word distance counted as "neighbours" by the proximity rerank (stopwords not counted). Default 1: adjacent. */
  window: number;
  /** How many top hits the proximity rerank re-reads. Default 30 (50 and 100 scored the same on train). */
  rerankDepth: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  boost: { title: 1, abstract: 1, authors: 1, venue: 0.5 },
  bm25: { k: 1.5, b: 0.8, d: 0 },
  coverage: 1,
  proximity: 1.2,
  window: 1,
  rerankDepth: 30,
};

/** Merges partial settings over the defaults (one level deep for boost and bm25). */
export function rankingOptions(partial: Partial<RankingOptions> = {}): RankingOptions {
  return {
    ...DEFAULT_RANKING,
    ...partial,
    boost: { ...DEFAULT_RANKING.boost, ...partial.boost },
    bm25: { ...DEFAULT_RANKING.bm25, ...partial.bm25 },
  };
}

/** Two neighbouring query words for the proximity rerank, each as its parts (one term for a plain word). */
export type NeighbourPair = [string[], string[]];

/** The neighbour pairs of a query: each word and the next, as their parts ("vision-language" -> vision, languag). */
export function neighbourPairs(words: ReadonlyArray<{ terms: string[]; joined: boolean[] }>): NeighbourPair[] {
  // A hyphenated word's own parts are not a pair: "vision-language" holds them adjacent by definition, so counting
  // them would reward papers for repeating one query word, not for following the query. Either of its parts may
  // stand next to the neighbouring word ("hallucination in vision-language" for "vision-language hallucination").
  const parts = words.map((w) => w.terms.filter((_t, i) => !w.joined[i])).filter((p) => p.length > 0);
  const pairs: NeighbourPair[] = [];
  for (let i = 0; i + 1 < parts.length; i++) {
    if (!parts[i].some((t) => parts[i + 1].includes(t))) pairs.push([parts[i], parts[i + 1]]);
  }
  return pairs;
}

/**
 * Share (0..1) of the query's neighbour pairs ("backdoor attacks" -> backdoor~attack) that occur within `window`
 * words of each other, in either order, in the paper's title + abstract. Stopwords do not count as words here.
 */
export function proximityShare(paper: Paper, pairs: readonly NeighbourPair[], window: number): number {
  if (pairs.length === 0) return 0;
  const wanted = new Set(pairs.flat(2));
  const found = new Set<number>();
  const last = new Map<string, number>();
  const near = (terms: string[], pos: number) => terms.some((t) => pos - (last.get(t) ?? -Infinity) <= window);
  let pos = 0;
  // Title, then abstract, counted as one text (the title's last word next to the abstract's first, as when they were
  // tokenized joined by " . "): the abstract is not read when the title already holds every pair.
  for (const text of [paper.title ?? '', paper.abstract ?? '']) {
    if (found.size === pairs.length) break;
    for (const t of tokens(text)) {
      if (t.joined || t.stop) continue;
      pos++;
      if (!wanted.has(t.term)) continue;
      for (let i = 0; i < pairs.length; i++) {
        if (found.has(i)) continue;
        const [a, b] = pairs[i];
        if ((a.includes(t.term) && near(b, pos)) || (b.includes(t.term) && near(a, pos))) found.add(i);
      }
      last.set(t.term, pos);
    }
  }
  return found.size / pairs.length;
}
