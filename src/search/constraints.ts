// The hard parts of a query, driven by the index: phrases checked on the text, exclusions, filter-only candidates.
import type MiniSearch from 'minisearch';
import { containsPhrase, phraseSequence, tokens } from './analyzer.ts';
import { fieldText } from './hits.ts';
import { FIELDS } from './ranking.ts';
import type { Paper } from '../papers/paper.ts';
import type { ParsedQuery } from './query.ts';

/**
 * Quoted phrases, verified on the paper's text after retrieval (the index has no positions): every phrase must
 * occur, words adjacent and in order, within one field. Only candidates that already hold all the phrase's terms
 * get here, so the text is re-read for few papers.
 */
export class PhraseCheck {
  private readonly sequences: string[][];

  constructor(phrases: string[]) {
    this.sequences = phrases.map(phraseSequence).filter((s) => s.length > 0);
  }

  matches(paper: Paper): boolean {
    if (this.sequences.length === 0) return true;
    const fields = FIELDS.map((f) => phraseSequence(fieldText(paper, f)));
    return this.sequences.every((seq) => fields.some((field) => containsPhrase(field, seq)));
  }
}

/**
 * MiniSearch query for one typed word: its terms, and for a hyphenated word either its joined form or all of its
 * parts ("-crowd-sourced" leaves out "crowdsourcing" and "crowd sourced", not every paper saying "crowd").
 */
function wordQuery(word: string) {
  const parts: string[] = [];
  const joined: string[] = [];
  for (const t of tokens(word)) if (!t.stop) (t.joined ? joined : parts).push(t.term);
  if (joined.length === 0) return parts.length ? { combineWith: 'OR' as const, queries: parts } : undefined;
  return { combineWith: 'OR' as const, queries: [...joined, { combineWith: 'AND' as const, queries: parts }] };
}

/** Ids of papers hit by the query's `-word` and `-"phrase"` exclusions (exact terms, no fuzzy, no prefix). */
export function excludedIds(mini: MiniSearch, byId: Map<string, Paper>, q: ParsedQuery): Set<string> {
  const out = new Set<string>();
  const exact = { fuzzy: false, prefix: false } as const;
  for (const word of q.excludeWords) {
    const query = wordQuery(word);
    if (query) for (const r of mini.search(query, exact)) out.add(r.id);
  }
  for (const phrase of q.excludePhrases) {
    const terms = tokens(phrase).filter((t) => !t.stop && !t.joined).map((t) => t.term);
    if (terms.length === 0) continue;
    const check = new PhraseCheck([phrase]);
    for (const r of mini.search({ combineWith: 'AND', queries: terms }, exact)) if (check.matches(byId.get(r.id)!)) out.add(r.id);
  }
  return out;
}

/**
 * Papers that may pass the filters of a query with no words: found through the index (an author's or venue's
 * terms, or the year table) rather than by scanning the corpus. Callers still apply `passesFilters`.
 */
export function filterCandidates(mini: MiniSearch, byId: Map<string, Paper>, byYear: Map<number, string[]>, q: ParsedQuery): Paper[] {
  const positive = q.filters.find((f) => !f.negate && tokens(f.value).some((t) => !t.stop));
  if (positive) {
    const terms = tokens(positive.value).filter((t) => !t.stop && !t.joined).map((t) => t.term);
    const field = positive.field === 'author' ? 'authors' : 'venue';
    return mini.search({ combineWith: 'AND', queries: terms }, { fields: [field], fuzzy: false, prefix: false }).map((r) => byId.get(r.id)!);
  }
  if (q.years) {
    const ids: string[] = [];
    for (const [year, list] of byYear) if (year >= q.years.from && year <= q.years.to) ids.push(...list);
    return ids.map((id) => byId.get(id)!);
  }
  return [...byId.values()];
}
