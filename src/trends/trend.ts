// `/paper trends <query>`: matching papers per month (or per year), the top authors and the words that come with the query.
import type { Paper } from '../papers/paper.ts';
import { ENGLISH_STOPWORDS, fold, stem } from '../search/analyzer.ts';
import type { SearchIndex } from '../search/search-index.ts';

export interface Trend {
  query: string;
  /** `month` when the library's dated papers cover at least a year of distinct months, else `year`. */
  unit: 'month' | 'year';
  /** Bucket labels ("2020-05" or "2020"), oldest first, with empty buckets filled in. */
  labels: string[];
  counts: number[];
  /** Papers matched by the query (the search's total). */
  matched: number;
  /** Matches looked at: the best `maxMatches` (1000) when there are more. Buckets, authors and words count these. */
  counted: number;
  /** Matches counted in the buckets (a match without a date or year has no bucket). */
  dated: number;
  /** Set when the span was longer than MAX_BUCKETS and only the latest buckets are shown. */
  cut: boolean;
  /** Most frequent authors among the matches, with their paper counts. */
  authors: Array<{ name: string; papers: number }>;
  /** Words that come with the query: frequent in the matches, rarer in the library. */
  terms: Array<{ word: string; papers: number }>;
}

export interface TrendOptions {
  /** Matches looked at, best first. Default 1000, the most one search page returns (MAX_LIMIT in search-index.ts). */
  maxMatches?: number;
  /** Authors and terms shown. Default 5 and 8. */
  topAuthors?: number;
  topTerms?: number;
}

/** A chart stays readable with at most this many bars: 10 years of months. */
export const MAX_BUCKETS = 120;
/** Distinct months the library's dates must cover for a monthly chart. */
const MONTHS_FOR_MONTHLY = 12;
/** Library papers sampled for a word's background frequency (every k-th paper: cheap at 75k papers). */
const BACKGROUND_SAMPLE = 3000;

export function computeTrend(index: SearchIndex, query: string, opts: TrendOptions = {}): Trend {
  const results = index.search(query, { limit: opts.maxMatches ?? 1000, offset: 0 });
  const papers = results.hits.map((h) => h.paper);
  const unit = libraryMonths(index) >= MONTHS_FOR_MONTHLY ? 'month' : 'year';
  const keys = papers.map((p) => bucketOf(p, unit)).filter((k): k is string => !!k);
  const { labels, counts, cut } = fillBuckets(keys, unit);
  return {
    query,
    unit,
    labels,
    counts,
    matched: results.total,
    counted: papers.length,
    dated: counts.reduce((a, b) => a + b, 0),
    cut,
    authors: topAuthors(papers, opts.topAuthors ?? 5),
    terms: topTerms(papers, backgroundSample(index), query, opts.topTerms ?? 8),
  };
}

/** Distinct months among the library's papers whose date has one, from the index's dates (no record is read). */
function libraryMonths(index: SearchIndex): number {
  const months = new Set<number>();
  for (let doc = 0; doc < index.size; doc++) {
    const day = index.day(doc);
    if (Math.floor(day / 100) % 100 > 0) months.add(Math.floor(day / 100));
  }
  return months.size;
}

/** Every k-th library paper, about BACKGROUND_SAMPLE of them: a word's background frequency, read from few records. */
function backgroundSample(index: SearchIndex): Paper[] {
  const step = Math.max(1, Math.floor(index.size / BACKGROUND_SAMPLE));
  const out: Paper[] = [];
  for (let doc = 0; doc < index.size; doc += step) out.push(index.paperAt(doc));
  return out;
}

function bucketOf(p: Paper, unit: 'month' | 'year'): string | undefined {
  if (unit === 'month') return p.date && /^\d{4}-\d{2}/.test(p.date) ? p.date.slice(0, 7) : undefined;
  if (typeof p.year === 'number' && Number.isFinite(p.year)) return String(p.year);
  return p.date && /^\d{4}/.test(p.date) ? p.date.slice(0, 4) : undefined;
}

/** Every bucket from the first to the last key, zeros included; the latest MAX_BUCKETS when longer. */
function fillBuckets(keys: string[], unit: 'month' | 'year'): { labels: string[]; counts: number[]; cut: boolean } {
  if (!keys.length) return { labels: [], counts: [], cut: false };
  const count = new Map<string, number>();
  for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  const sorted = [...count.keys()].sort();
  const toIndex = (k: string) => (unit === 'month' ? Number(k.slice(0, 4)) * 12 + Number(k.slice(5, 7)) - 1 : Number(k));
  const toLabel = (i: number) => (unit === 'month' ? `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}` : String(i));
  const last = toIndex(sorted[sorted.length - 1]);
  const first = Math.max(toIndex(sorted[0]), last - MAX_BUCKETS + 1);
  const labels: string[] = [];
  for (let i = first; i <= last; i++) labels.push(toLabel(i));
  return { labels, counts: labels.map((l) => count.get(l) ?? 0), cut: toIndex(sorted[0]) < first };
}

function topAuthors(papers: readonly Paper[], n: number): Array<{ name: string; papers: number }> {
  const byKey = new Map<string, { name: string; papers: number }>();
  for (const p of papers) {
    for (const name of new Set((p.authors ?? []).map((a) => a.trim()).filter(Boolean))) {
      const key = fold(name).replace(/[^a-z ]/g, '');
      const e = byKey.get(key) ?? { name, papers: 0 };
      e.papers += 1;
      byKey.set(key, e);
    }
  }
  return [...byKey.values()].sort((a, b) => b.papers - a.papers || a.name.localeCompare(b.name)).slice(0, n);
}

const WORD = /[\p{L}][\p{L}\p{N}\-]{2,}/gu;

/** Each paper's distinct folded words of title and abstract (stopwords out). */
function wordsOf(p: Paper): Set<string> {
  const out = new Set<string>();
  for (const m of fold(`${p.title ?? ''} ${p.abstract ?? ''}`).matchAll(WORD)) if (!ENGLISH_STOPWORDS.has(m[0])) out.add(m[0]);
  return out;
}

/** Words in at least two matches (one when there are few), ranked by matches × log(library rarity); query words out. */
function topTerms(matches: readonly Paper[], sample: readonly Paper[], query: string, n: number): Array<{ word: string; papers: number }> {
  if (!matches.length) return [];
  const queryStems = new Set([...fold(query).matchAll(/[\p{L}\p{N}]+/gu)].map((m) => stem(m[0])));
  const df = new Map<string, number>();
  for (const p of matches) for (const w of wordsOf(p)) df.set(w, (df.get(w) ?? 0) + 1);
  const bg = new Map<string, number>();
  const sampled = sample.length;
  for (const p of sample) for (const w of wordsOf(p)) if (df.has(w)) bg.set(w, (bg.get(w) ?? 0) + 1);
  const min = matches.length >= 5 ? 2 : 1;
  const scored: Array<{ word: string; papers: number; score: number }> = [];
  for (const [word, papers] of df) {
    if (papers < min || queryStems.has(stem(word)) || /\d/.test(word)) continue;
    scored.push({ word, papers, score: papers * Math.log((sampled + 1) / ((bg.get(word) ?? 0) + 1) + 1) });
  }
  return scored.sort((a, b) => b.score - a.score || a.word.localeCompare(b.word)).slice(0, n).map(({ word, papers }) => ({ word, papers }));
}
