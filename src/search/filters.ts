// Checks a paper against the author:, venue: and year: filters of a query (after the index found candidates).
import { fold, phraseSequence, containsPhrase } from './analyzer.ts';
import type { Paper } from '../papers/paper.ts';
import type { FieldFilter, ParsedQuery } from './query.ts';

/** Name words, folded: "Madry, Aleksander" and "Aleksander Mądry" both give ["aleksander", "madry"] (as a set). */
function nameWords(name: string): string[] {
  return fold(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * True when one author's name has every word of `value`: `madry` matches "Aleksander Madry"; a one-letter word
 * is an initial, so `"a madry"` matches "Madry, Aleksander" (either name order, as bibliographies vary).
 */
export function authorMatches(authors: readonly string[], value: string): boolean {
  const wanted = nameWords(value);
  if (wanted.length === 0) return false;
  return authors.some((author) => {
    const have = nameWords(author);
    return wanted.every((w) => have.some((h) => h === w || (w.length === 1 && h.startsWith(w))));
  });
}

/** True when the venue contains the words of `value` in order ("neurips", "machine learning"), stems and accents aside. */
export function venueMatches(venue: string | undefined, value: string): boolean {
  return !!venue && containsPhrase(phraseSequence(venue), phraseSequence(value));
}

function filterMatches(paper: Paper, f: FieldFilter): boolean {
  const hit = f.field === 'author' ? authorMatches(paper.authors, f.value) : venueMatches(paper.venue, f.value);
  return hit !== f.negate;
}

/** True when the paper passes every filter and the year range of the query. */
export function passesFilters(paper: Paper, q: ParsedQuery): boolean {
  if (q.years && (paper.year === undefined || paper.year < q.years.from || paper.year > q.years.to)) return false;
  return q.filters.every((f) => filterMatches(paper, f));
}
