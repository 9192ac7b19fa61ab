// The settings tried by `npm run bench:relevance -- --tune` (train split only), named for the README table.
import type { SearchIndexOptions } from '../src/search/index.ts';

const MINISEARCH_BM25 = { k: 1.2, b: 0.7, d: 0.5 };

export const TUNING_GRID: Array<[string, SearchIndexOptions]> = [
  ['plain BM25+ (MiniSearch bm25 defaults), no coverage factor, no rerank', { ranking: { bm25: MINISEARCH_BM25, coverage: 0, proximity: 0 } }],
  ['+ idf-weighted coverage', { ranking: { bm25: MINISEARCH_BM25, proximity: 0 } }],
  ['+ bm25 d = 0', { ranking: { bm25: { k: 1.2, b: 0.7, d: 0 }, proximity: 0 } }],
  ['+ bm25 k = 1.5, b = 0.8', { ranking: { proximity: 0 } }],
  ['+ proximity 1.2, window 1 (defaults)', {}],
  ['defaults, title boost 1.5', { ranking: { boost: { title: 1.5, abstract: 1, authors: 1, venue: 0.5 } } }],
  ['defaults, coverage 2', { ranking: { coverage: 2 } }],
  ['defaults, proximity window 3', { ranking: { window: 3 } }],
];
