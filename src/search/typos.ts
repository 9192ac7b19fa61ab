// Typo tolerance as a fallback: which query terms get fuzzy matching, and "did you mean" corrections.
import type { Vocabulary } from './vocabulary.ts';

/**
 * How many edits a typed word part may be read with when the index does not know it: 0 = taken as typed.
 * Typo tolerance is for misspelt words, so what is unlikely to be one is left alone: words under 5 letters (RLHF,
 * "here": too many real words lie one edit away), words with digits (GPT4, IL6), and words with two or more capitals
 * (acronyms, CamelCase names). Longer words may carry more typos: 5-7 letters 1, 8-11 letters 2, 12+ letters 3.
 * Terms in the vocabulary are never fuzzed: fuzzing every term lowered SciFact nDCG@10 from 0.667 to 0.652 (it drags
 * in near-miss words like model/modal).
 */
export function typoBudget(typed: string): number {
  const letters = typed.replace(/[-\u2010\u2011'’]/g, '');
  if (letters.length < 5 || !/^\p{L}+$/u.test(letters)) return 0;
  if ((letters.match(/\p{Lu}/gu) ?? []).length >= 2) return 0;
  return letters.length >= 12 ? 3 : letters.length >= 8 ? 2 : 1;
}

/**
 * True when `known` (a word of the papers, lower case) is a believable reading of `typed` at `distance` edits.
 * Typos rarely hit a word's first letter, so the two must share it (this keeps "clear" from reading as "lead").
 * A capitalised word the index does not know is most likely a name: it is read as another word only when just one
 * edit away and sharing the first three letters ("Müller" is not "vulnerabilities", nor "Miller").
 */
export function plausibleReading(typed: string, known: string, distance: number): boolean {
  const lower = typed.toLowerCase();
  const name = /^\p{Lu}/u.test(typed);
  const prefix = name ? 3 : 1;
  return (!name || distance <= 1) && lower.slice(0, prefix) === known.slice(0, prefix);
}

/** A known word that a typed word part may be read as, with its term and edit distance. */
export interface Reading {
  word: string;
  term: string;
  distance: number;
}

/**
 * The readings of a word part the index does not know, one per term, at the smallest distance that has any (a close
 * correction is not outranked by rarer, farther ones), most common term first. Distances are measured between the
 * word as typed and words as written in the papers, not between stems: "muller" and the stem "vulner" are 2 edits
 * apart, "muller" and "vulnerabilities" are not close at all.
 */
export function typoReadings(typed: string, vocabulary: Vocabulary): Reading[] {
  const budget = typoBudget(typed);
  if (budget === 0) return [];
  const lower = typed.toLowerCase();
  const close = vocabulary.closeWords(lower, budget).filter((c) => c.word !== lower && plausibleReading(typed, c.word, c.distance));
  if (close.length === 0) return [];
  const nearest = Math.min(...close.map((c) => c.distance));
  const byTerm = new Map<string, Reading>();
  for (const c of close) {
    const seen = byTerm.get(c.term);
    // For each term, the word most like what was typed (then the shortest), to show as "showing results for".
    if (c.distance === nearest && (!seen || c.word.length < seen.word.length)) byTerm.set(c.term, c);
  }
  return [...byTerm.values()].sort((a, b) => vocabulary.docFreq(b.term) - vocabulary.docFreq(a.term) || a.word.localeCompare(b.word));
}

/** One query word with the analyzed terms it produced. */
export interface QueryWord {
  word: string;
  terms: string[];
  /** The part of `word` each term came from, as typed (the whole word for a hyphenated word's joined form). */
  typed: string[];
  /** For each term, whether it is a hyphenated word's joined form ("vision-language" -> "visionlanguag"). */
  joined: boolean[];
}

/**
 * Corrected word lists (aligned with `words`), best first, at most `max`. Each word whose terms are not all in the
 * vocabulary is replaced by the closest known word as written, by the plausibility rules of fuzzy matching
 * (`typoBudget`, `plausibleReading`); closer first, then the word of the more frequent term. Known
 * words, and unknown words with nothing believable close, are kept as typed. Empty when no word could be corrected.
 */
export function suggestCorrections(words: QueryWord[], vocabulary: Vocabulary, max = 3): string[][] {
  const options: string[][] = words.map((w) => {
    if (w.terms.length === 0 || w.terms.every((t) => vocabulary.has(t))) return [w.word];
    const word = w.word.toLowerCase();
    // A suggestion is only offered, never applied, so it may reach one edit further on long words.
    const base = typoBudget(w.word);
    if (base === 0) return [w.word];
    const budget = base >= 2 ? Math.min(3, base + 1) : base;
    const close = vocabulary
      .closeWords(word, budget)
      .filter((c) => c.word !== word && plausibleReading(w.word, c.word, c.distance))
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
