// The shapes a search returns: hits with scores, matched terms, snippets and the total count.
import type { Paper } from '../papers/paper.ts';

/** Which query term matched which fields, e.g. { robust: ['title', 'abstract'] }. */
export type MatchedTerms = Record<string, string[]>;

/**
 * The best passage of a paper for a query (about 300 characters).
 * `marks` are [start, end) character offsets into `text` of the matched words,
 * so each renderer (Block Kit, console, JSON) marks them its own way.
 */
export interface Snippet {
  text: string;
  marks: Array<[number, number]>;
}

export interface Hit {
  paper: Paper;
  score: number;
  matches: MatchedTerms;
  snippet: Snippet;
}

export interface SearchResults {
  /** The query as the user typed it (after trimming and any cut for length). */
  query: string;
  /** How many papers matched in all; `hits` is the page asked for. */
  total: number;
  offset: number;
  hits: Hit[];
  /** "Did you mean" suggestions, filled when nothing matched. */
  suggestions: string[];
  /**
   * Set when a word was not in the index and typo tolerance matched it: the query as it was understood, e.g.
   * "robustness" for "robustnes", so the answer can say "showing results for …".
   */
  understoodAs?: string;
  /** Set when the query was cut down because it was too long. */
  truncated?: boolean;
  /** Set when the query was a pasted arXiv id, arXiv URL or DOI. */
  lookup?: boolean;
}

export interface SearchOptions {
  /** Page size. Default 5. */
  limit?: number;
  /** Hits to skip, for paging. Default 0. */
  offset?: number;
}
