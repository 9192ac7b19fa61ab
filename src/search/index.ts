// The search stage's public API: the index, the result shapes, the query syntax and the analyzer.
export { SearchIndex, type SearchIndexOptions, type IndexSnapshot } from './search-index.ts';
export { openIndex, corpusKey, type OpenIndexOptions, type OpenedIndex } from './snapshot.ts';
export type { SearchResults, Hit, Snippet, SearchOptions, MatchedTerms } from './results.ts';
export { DEFAULT_RANKING, type RankingOptions } from './ranking.ts';
export { parseQuery, DEFAULT_QUERY_LIMITS, type ParsedQuery, type QueryLimits, type FieldFilter } from './query.ts';
export { parsePaperRef, type PaperRef } from './paper-ref.ts';
export { fold, stem, terms, ENGLISH_STOPWORDS } from './analyzer.ts';
export type { SnippetOptions } from './snippet.ts';
