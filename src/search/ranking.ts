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
  /** Weight of a match in each field (MiniSearch `boost`). Default title 1.5, abstract 1, authors 1, venue 0.5. */
  boost: Record<Field, number>;
  /**
   * BM25+ parameters (MiniSearch `bm25`): k = term-frequency saturation, b = length normalization,
   * d = floor for one occurrence. MiniSearch's default is {k: 1.2, b: 0.7, d: 0.5}.
   */
  bm25: { k: number; b: number; d: number };
  /**
   * Reward for matching more of the query's distinct terms: score × matched^coverage. MiniSearch's own rule is 1
   * (score × matched); 0 is plain BM25.
   */
  coverage: number;
  /**
   * Rerank bonus for query terms that appear next to each other (within `window` words) in the title or abstract,
   * as in the query: score × (1 + proximity × share of adjacent query pairs found). 0 turns the rerank off.
   */
  proximity: number;
  /** Word distance counted as "next to each other" by the proximity rerank. Default 3. */
  window: number;
  /** How many top hits the proximity rerank looks at (it re-reads their text). Default 50. */
  rerankDepth: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  boost: { title: 1.5, abstract: 1, authors: 1, venue: 0.5 },
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  coverage: 1,
  proximity: 0,
  window: 3,
  rerankDepth: 50,
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

/**
 * Share (0..1) of consecutive query-term pairs that occur within `window` words of each other, in order or not,
 * in the paper's title or abstract. Pairs are the query's own adjacent terms ("backdoor attacks" -> backdoor~attack).
 */
export function proximityShare(paper: Paper, queryTerms: string[], window: number): number {
  if (queryTerms.length < 2) return 0;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < queryTerms.length; i++) if (queryTerms[i] !== queryTerms[i + 1]) pairs.push([queryTerms[i], queryTerms[i + 1]]);
  if (pairs.length === 0) return 0;
  const wanted = new Set(queryTerms);
  const found = new Set<number>();
  for (const text of [paper.title, paper.abstract]) {
    const last = new Map<string, number>();
    let pos = 0;
    for (const t of tokens(text)) {
      if (t.joined) continue;
      pos++;
      if (!wanted.has(t.term)) continue;
      last.set(t.term, pos);
      pairs.forEach(([a, b], i) => {
        if (found.has(i) || (t.term !== a && t.term !== b)) return;
        const other = last.get(t.term === a ? b : a);
        if (other !== undefined && pos - other <= window) found.add(i);
      });
    }
  }
  return found.size / pairs.length;
}
