// Parses the search box syntax: words, "quoted phrases", author:/venue:/year: filters, -exclusions, pasted ids.
import { terms } from './analyzer.ts';
import type { QueryWord } from './typos.ts';
import { parsePaperRef, type PaperRef } from './paper-ref.ts';

/** Limits that keep one query cheap whatever is pasted into the search box. */
export interface QueryLimits {
  /** Characters kept from the query (after cleaning); the rest is cut at a word boundary. Default 256. */
  maxChars: number;
  /** Words, phrases and filters kept; later ones are dropped. Default 32. */
  maxClauses: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxChars: 256, maxClauses: 32 };

/** A field filter: `author:madry`, `author:"a madry"`, `venue:neurips`; `negate` for `-author:...`. */
export interface FieldFilter {
  field: 'author' | 'venue';
  value: string;
  negate: boolean;
}

export interface ParsedQuery {
  /** The query after cleaning (control characters removed, whitespace collapsed) and any cut for length. */
  text: string;
  /** True when the query was cut to `QueryLimits`. */
  truncated: boolean;
  /** Set when the whole query is a pasted arXiv id/URL or DOI: look the paper up instead of searching. */
  lookup?: PaperRef;
  /** Free words as typed, in order (scored with OR; more matched words rank higher). */
  words: string[];
  /** Quoted phrases: every word must appear, adjacent and in order, in one field. */
  phrases: string[];
  /** `-word`: papers containing the word are left out. */
  excludeWords: string[];
  /** `-"some phrase"`: papers containing the phrase are left out. */
  excludePhrases: string[];
  filters: FieldFilter[];
  /** `year:2020` (from = to = 2020) or `year:2018-2021`, inclusive. */
  years?: { from: number; to: number };
}

/** One clause: optional "-", optional "key:", then a quoted string (closing quote optional) or a bare word. */
const CLAUSE = /(-?)(?:([a-z]+):)?(?:"([^"]*)"?|(\S+))/giu;
const YEAR = /^(\d{4})(?:(?:-|\.\.)(\d{4})?)?$/;

/** Control and format characters (NUL, bidi overrides, zero-width) are never meaningful in a query. */
function clean(raw: string): string {
  return raw.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ').replace(/[“”„]/g, '"').replace(/\s+/g, ' ').trim();
}

/** Parses a query string. Never throws: anything it does not understand becomes plain words. */
export function parseQuery(raw: string, limits: QueryLimits = DEFAULT_QUERY_LIMITS): ParsedQuery {
  // Cut before cleaning too, so a 100k-character paste costs no more than a short one.
  let text = clean(String(raw ?? '').slice(0, limits.maxChars * 4));
  let truncated = String(raw ?? '').length > limits.maxChars * 4;
  if (text.length > limits.maxChars) {
    const cut = text.slice(0, limits.maxChars + 1);
    const space = cut.lastIndexOf(' ');
    text = (space > limits.maxChars / 2 ? cut.slice(0, space) : cut.slice(0, limits.maxChars)).trim();
    truncated = true;
  }
  const query: ParsedQuery = { text, truncated, words: [], phrases: [], excludeWords: [], excludePhrases: [], filters: [] };
  const lookup = parsePaperRef(text);
  if (lookup) return { ...query, lookup };

  let clauses = 0;
  for (const m of text.matchAll(CLAUSE)) {
    const [, minus, rawKey, quoted, bare] = m;
    const negate = minus === '-';
    const key = rawKey?.toLowerCase();
    const value = (quoted ?? bare ?? '').trim();
    if (!value || !/[\p{L}\p{N}]/u.test(value)) continue;
    if (clauses >= limits.maxClauses) {
      query.truncated = true;
      break;
    }
    clauses++;
    if (key === 'author' || key === 'venue') {
      query.filters.push({ field: key, value, negate });
      continue;
    }
    if (key === 'year' && !negate) {
      const y = YEAR.exec(value);
      if (y) {
        const from = Number(y[1]);
        const to = y[2] ? Number(y[2]) : value.length > 4 ? 9999 : from;
        query.years = { from: Math.min(from, to), to: Math.max(from, to) };
        continue;
      }
    }
    // An unknown key ("IL-6:" or "e.g.:") is part of the text: keep the key as a word.
    const words = key ? `${rawKey} ${value}` : value;
    if (quoted !== undefined) (negate ? query.excludePhrases : query.phrases).push(words);
    else if (negate) query.excludeWords.push(words);
    else query.words.push(words);
  }
  return query;
}

/** True when the query asks for nothing (no words, phrases or filters). */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return !q.lookup && q.words.length === 0 && q.phrases.length === 0 && q.filters.length === 0 && !q.years;
}

/** The words of the free text and of the phrases, each with its analyzed terms; punctuation around a word dropped. */
export function queryWords(q: ParsedQuery): QueryWord[] {
  return [...q.words, ...q.phrases.flatMap((p) => p.split(' '))]
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean)
    .map((word) => ({ word, terms: terms(word) }));
}
