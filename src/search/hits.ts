// Turns a matched paper into a Hit: matched words as the paper writes them, and a snippet marking them.
import { terms, tokens } from './analyzer.ts';
import { makeSnippet, type SnippetOptions } from './snippet.ts';
import type { QueryWord } from './typos.ts';
import { FIELDS } from './ranking.ts';
import type { Paper } from '../papers/paper.ts';
import type { Hit, MatchedTerms } from './results.ts';

/**
 * Which typed query word each index term stands for (a fuzzy reading counts for the word it corrects), so the parts
 * and the joined form of one hyphenated word ("vision", "language", "visionlanguag") read as one match.
 */
export class TermAttribution {
  private readonly wordOf = new Map<string, number>();
  private readonly joined = new Set<string>();

  constructor(words: QueryWord[]) {
    words.forEach((w, i) =>
      w.terms.forEach((t, j) => {
        if (!this.wordOf.has(t)) this.wordOf.set(t, i);
        if (w.joined[j]) this.joined.add(t);
      }),
    );
  }

  /** Records that `reading` was searched on behalf of the misspelt query term `term`. */
  addReading(reading: string, term: string): void {
    const word = this.wordOf.get(term);
    if (word !== undefined && !this.wordOf.has(reading)) this.wordOf.set(reading, word);
    if (this.joined.has(term)) this.joined.add(reading);
  }

  /** Index of the query word `term` stands for, if any. */
  wordIndex(term: string): number | undefined {
    return this.wordOf.get(term);
  }

  /** True for the joined form of a hyphenated query word (or a reading of one). */
  isJoined(term: string): boolean {
    return this.joined.has(term);
  }
}

/**
 * A Hit for `paper`. `match` is {indexTerm: fields}. `matches` is keyed by the word of the paper that matched, as
 * written there ("robustness" when "robustnes" was typed, "vision-language" for "visionlanguage"); a part of a
 * hyphenated query word is folded into its joined form when the joined form matched in the same fields. The snippet
 * comes from the abstract (the title when the abstract is empty) and marks every word whose term matched.
 */
export function buildHit(paper: Paper, score: number, match: Record<string, string[]>, attribution: TermAttribution, snippet: SnippetOptions): Hit {
  const words = paperWords(paper, Object.keys(match));
  const joinedOf = new Map<number, string>();
  for (const term of Object.keys(match)) {
    const w = attribution.wordIndex(term);
    if (w !== undefined && attribution.isJoined(term) && !joinedOf.has(w)) joinedOf.set(w, term);
  }
  const matches: MatchedTerms = {};
  for (const [term, fields] of Object.entries(match)) {
    const w = attribution.wordIndex(term);
    const joined = w === undefined ? undefined : joinedOf.get(w);
    const into = joined !== undefined && fields.every((f) => match[joined].includes(f)) ? joined : term;
    const key = words.get(into) ?? into;
    const merged = new Set([...(matches[key] ?? []), ...fields]);
    matches[key] = FIELDS.filter((f) => merged.has(f));
  }
  const source = paper.abstract?.trim() ? paper.abstract : (paper.title ?? '');
  return { paper, score, matches, snippet: makeSnippet(source, new Set(Object.keys(match)), snippet) };
}

/** For each of `wanted` (index terms), its first word in the paper (title, abstract, authors, venue), readable. */
function paperWords(paper: Paper, wanted: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const left = new Set(wanted);
  for (const field of FIELDS) {
    if (left.size === 0) break;
    const text = fieldText(paper, field);
    for (const t of tokens(text)) {
      if (!left.has(t.term)) continue;
      out.set(t.term, readable(text.slice(t.start, t.end)));
      left.delete(t.term);
    }
  }
  return out;
}

/** A word as written, lower-cased where only title case made it capital ("Robustness" -> "robustness", "BERT" stays). */
function readable(word: string): string {
  return word
    .split(/([-\u2010\u2011])/)
    .map((part) => (/^\p{Lu}[\p{Ll}'’]*$/u.test(part) ? part.toLowerCase() : part))
    .join('');
}

/** Text of each indexed field of a paper. */
export function fieldText(paper: Paper, field: (typeof FIELDS)[number]): string {
  switch (field) {
    case 'title':
      return paper.title ?? '';
    case 'abstract':
      return paper.abstract ?? '';
    case 'authors':
      return (paper.authors ?? []).join(' ; ');
    case 'venue':
      return paper.venue ?? '';
  }
}

/** {indexTerm: fields} for the query words found in the paper, computed from its text (no index needed). */
export function matchPaper(paper: Paper, words: QueryWord[]): Record<string, string[]> {
  const wanted = new Set(words.flatMap((w) => w.terms));
  const match: Record<string, string[]> = {};
  if (wanted.size === 0) return match;
  for (const field of FIELDS) {
    for (const t of new Set(terms(fieldText(paper, field)))) if (wanted.has(t)) (match[t] ??= []).push(field);
  }
  return match;
}
