// The text analyzer shared by indexing, queries, phrases and snippets: folding, hyphens, stopwords, Porter stems.
import { stemmer } from 'stemmer';

/**
 * Lucene's default English stopword list (33 words). Kept small on purpose: on SciFact's train split the larger
 * NLTK list scored lower (see bench/relevance.ts), and negations like "no"/"not" carry little weight in BM25 anyway.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '),
);

/** One analyzed word of a text, with its [start, end) offsets in that text. */
export interface Token {
  start: number;
  end: number;
  /** Folded, stemmed form: what the index stores and queries look up. */
  term: string;
  /** True for a stopword (kept by `tokens()` only so phrases can check adjacency). */
  stop: boolean;
  /** True for the joined form of a hyphenated word ("crowd-sourced" -> "crowdsourc"), which spans the whole word. */
  joined: boolean;
}

/**
 * A word, possibly hyphenated ("crowd-sourced", "IL-10") or with an apostrophe ("model's", "O'Neill").
 * Hyphen-like characters: ASCII hyphen, U+2010 hyphen, U+2011 non-breaking hyphen.
 */
const WORD = /[\p{L}\p{N}]+(?:['’\-\u2010\u2011][\p{L}\p{N}]+)*/gu;
const HYPHEN = /[-\u2010\u2011]/;
const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower-cases and strips accents: "Díaz" -> "diaz", "Straße" -> "strasse". */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþı]/g, (c) => SPECIAL_LETTERS[c] ?? c);
}

/**
 * Folded + stemmed form of one word part. Cached: a corpus has far fewer distinct words than tokens, and this is
 * the hot path of both indexing and querying. The cache is cleared when it grows past `CACHE_LIMIT` so hostile or
 * endless distinct queries cannot grow memory without bound.
 */
const stemCache = new Map<string, Analyzed>();
const CACHE_LIMIT = 500_000;

interface Analyzed {
  /** Folded surface word, apostrophes removed: what stopword lists are checked against ("this", not "thi"). */
  folded: string;
  term: string;
}

function analyzeWord(word: string): Analyzed {
  let a = stemCache.get(word);
  if (a === undefined) {
    const folded = fold(word).replace(/['’]s$/, '').replace(/['’]/g, '');
    a = { folded, term: /^[a-z]+$/.test(folded) ? stemmer(folded) : folded };
    if (stemCache.size >= CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, a);
  }
  return a;
}

/** The index term for one word: "Robustness" -> "robust", "Díaz" -> "diaz". */
export function stem(word: string): string {
  return analyzeWord(word).term;
}

/** A term worth indexing: not a stopword, not a lone letter (math variables like "x"), not empty. */
function isStop(term: string, stopwords: ReadonlySet<string>): boolean {
  return term === '' || stopwords.has(term) || (term.length === 1 && !/[0-9]/.test(term));
}

/**
 * Every word of `text` with offsets, in reading order. A hyphenated word yields its parts and then its joined form
 * (marked `joined`), so "crowd-sourced" matches "crowd sourced", "crowdsourced" and "crowdsourcing".
 * Stopwords are included (flagged) because phrases and snippets need their positions.
 */
export function tokens(text: string, stopwords: ReadonlySet<string> = ENGLISH_STOPWORDS): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const at = m.index;
    if (!HYPHEN.test(word)) {
      const { folded, term } = analyzeWord(word);
      out.push({ start: at, end: at + word.length, term, stop: isStop(folded, stopwords) || isStop(term, stopwords), joined: false });
      continue;
    }
    let offset = 0;
    const parts = word.split(HYPHEN);
    for (const part of parts) {
      const { folded, term } = analyzeWord(part);
      out.push({ start: at + offset, end: at + offset + part.length, term, stop: isStop(folded, stopwords) || isStop(term, stopwords), joined: false });
      offset += part.length + 1;
    }
    const joinedTerm = analyzeWord(parts.join('')).term;
    out.push({ start: at, end: at + word.length, term: joinedTerm, stop: isStop(joinedTerm, stopwords), joined: true });
  }
  return out;
}

/** What indexing needs of one word as written: its index terms and, for each, the word part it came from. */
export interface IndexedWord {
  /** Index terms, stopwords dropped, in the order `tokens()` gives them (parts, then the joined form). */
  terms: string[];
  /** Lower-case surface of each term (the part it came from, or the whole word for a joined form). */
  surfaces: string[];
}

/** `tokens(word)` reduced to what indexing needs (the SearchIndex keeps one per distinct word it has seen). */
export function indexedWord(word: string): IndexedWord {
  const w: IndexedWord = { terms: [], surfaces: [] };
  for (const t of tokens(word)) {
    if (t.stop) continue;
    w.terms.push(t.term);
    w.surfaces.push(word.slice(t.start, t.end).toLowerCase());
  }
  return w;
}

/**
 * How often each word (as written) occurs in `text`. Indexing analyzes each distinct word once (`indexedWord`)
 * instead of once per occurrence: the same terms as `terms(text)`, in a fraction of the time.
 */
export function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

/** The terms to index or look up for `text`: stopwords dropped, duplicates kept (they count as term frequency). */
export function terms(text: string, stopwords: ReadonlySet<string> = ENGLISH_STOPWORDS): string[] {
  const out: string[] = [];
  for (const t of tokens(text, stopwords)) if (!t.stop) out.push(t.term);
  return out;
}

/**
 * The word sequence used to check phrases: every part in order, stopwords included, joined forms left out, so
 * `"robustness of models"` needs "of" between the other two words, exactly as typed (modulo stems and accents).
 */
export function phraseSequence(text: string): string[] {
  const out: string[] = [];
  for (const t of tokens(text, EMPTY)) if (!t.joined) out.push(t.term);
  return out;
}

const EMPTY: ReadonlySet<string> = new Set();

/** True when `phrase` (already a phrase sequence) occurs as consecutive words of `sequence`. */
export function containsPhrase(sequence: string[], phrase: string[]): boolean {
  if (phrase.length === 0) return true;
  outer: for (let i = 0; i + phrase.length <= sequence.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (sequence[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
