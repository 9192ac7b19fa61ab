// Typo tolerance as a fallback: which query terms get fuzzy matching, and "did you mean" corrections.
import type { Vocabulary } from './vocabulary.ts';

/**
 * Edit distance for fuzzy matching a query term that is NOT in the vocabulary: the smallest distance at which the
 * vocabulary has some term, up to a cap by length (3 letters: none, 4-5: 1, 6-8: 2, 9+: 3; a typo in a suffix also
 * defeats the stemmer, so "robustnez" stays whole, 3 edits from "robust"). The smallest distance keeps a close
 * correction from being outranked by rarer, farther ones. Terms in the vocabulary are never fuzzed: fuzzing every
 * term lowered SciFact nDCG@10 from 0.667 to 0.652 (it drags in near-miss words like model/modal).
 */
export function fuzzyDistance(term: string, vocabulary: Vocabulary): number {
  if (vocabulary.has(term) || term.length <= 3 || /^\d+$/.test(term)) return 0;
  const cap = term.length >= 9 ? 3 : term.length >= 6 ? 2 : 1;
  for (let d = 1; d <= cap; d++) if (vocabulary.hasTermWithin(term, d)) return d;
  return 0;
}

/** Levenshtein distance, for attributing a fuzzy match back to the query word that asked for it. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** One query word with the analyzed terms it produced. */
export interface QueryWord {
  word: string;
  terms: string[];
}

/**
 * Corrected word lists (aligned with `words`), best first, at most `max`. Each word whose terms are not all in the
 * vocabulary is replaced by the closest known word as written (up to 3 edits, or a third of the word; closer
 * first, then the word of the more frequent term). Known words, and unknown words with nothing close, are kept
 * as typed. Empty when no word could be corrected.
 */
export function suggestCorrections(words: QueryWord[], vocabulary: Vocabulary, max = 3): string[][] {
  const options: string[][] = words.map((w) => {
    if (w.terms.length === 0 || w.terms.every((t) => vocabulary.has(t))) return [w.word];
    const word = w.word.toLowerCase();
    const distance = Math.min(3, Math.max(1, Math.round(word.length / 3)));
    const close = vocabulary
      .closeWords(word, distance)
      .filter((c) => c.word !== word)
      .sort((a, b) => a.distance - b.distance || vocabulary.docFreq(b.term) - vocabulary.docFreq(a.term));
    const picked: string[] = [];
    for (const c of close) if (picked.length < max && !picked.includes(c.word)) picked.push(c.word);
    return picked.length ? picked : [w.word];
  });
  if (options.every((o, i) => o[0] === words[i].word)) return [];
  const out = new Map<string, string[]>();
  for (let k = 0; k < max; k++) {
    const corrected = options.map((o) => o[Math.min(k, o.length - 1)]);
    out.set(corrected.join(' '), corrected);
  }
  return [...out.values()];
}

/** Whole corrected queries for "did you mean", keeping the rest of what the user typed (filters, quotes) as it was. */
export function suggestQueries(text: string, words: QueryWord[], vocabulary: Vocabulary): string[] {
  return suggestCorrections(words, vocabulary).map((corrected) => {
    let fixed = text;
    corrected.forEach((c, i) => {
      if (c !== words[i].word) fixed = fixed.replace(words[i].word, c);
    });
    return fixed;
  });
}
