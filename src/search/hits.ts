// Turns a matched paper into a Hit: matched terms keyed by the user's words, and a snippet marking them.
import { terms } from './analyzer.ts';
import { makeSnippet, type SnippetOptions } from './snippet.ts';
import { editDistance, type QueryWord } from './typos.ts';
import { FIELDS } from './ranking.ts';
import type { Paper } from '../papers/paper.ts';
import type { Hit, MatchedTerms } from './results.ts';

/** Maps an index term back to the query word that asked for it ("robust" -> "robustness", typo matches included). */
export class TermAttribution {
  private readonly byTerm = new Map<string, string>();

  constructor(
    words: QueryWord[],
    /** Query terms searched with fuzzy matching: a matched term that is not a query term came from the closest one. */
    private readonly fuzzed: string[] = [],
  ) {
    for (const w of words) for (const t of w.terms) if (!this.byTerm.has(t)) this.byTerm.set(t, w.word);
  }

  wordFor(term: string): string {
    const word = this.byTerm.get(term);
    if (word !== undefined || this.fuzzed.length === 0) return word ?? term;
    let best = this.fuzzed[0];
    for (const f of this.fuzzed) if (editDistance(f, term) < editDistance(best, term)) best = f;
    return this.byTerm.get(best) ?? term;
  }
}

/**
 * A Hit for `paper`. `match` is {indexTerm: fields}; the snippet comes from the abstract (the title
 * when the abstract is empty) and marks every word whose analyzed form is one of the matched terms.
 */
export function buildHit(paper: Paper, score: number, match: Record<string, string[]>, attribution: TermAttribution, snippet: SnippetOptions): Hit {
  const matches: MatchedTerms = {};
  for (const [term, fields] of Object.entries(match)) {
    const word = attribution.wordFor(term);
    const merged = new Set([...(matches[word] ?? []), ...fields]);
    matches[word] = FIELDS.filter((f) => merged.has(f));
  }
  const source = paper.abstract?.trim() ? paper.abstract : (paper.title ?? '');
  return { paper, score, matches, snippet: makeSnippet(source, new Set(Object.keys(match)), snippet) };
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
