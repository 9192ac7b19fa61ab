// The hard parts of a query, driven by the index: phrases checked on the text, exclusions, filter-only candidates.
import { containsPhrase, phraseSequence, tokens } from './analyzer.ts';
import { fieldText } from './hits.ts';
import { FIELDS } from './ranking.ts';
import type { Paper } from '../papers/paper.ts';
import type { ParsedQuery } from './query.ts';
import type { PostingStore } from './postings.ts';

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

/** Documents holding `term` in any field (or only in `field`). */
function docsWith(store: PostingStore, term: string, field?: number): Set<number> {
  const out = new Set<number>();
  store.forEachPosting(term, (f, doc) => {
    if (field === undefined || f === field) out.add(doc);
  });
  return out;
}

/** Documents holding every one of `terms` (in `field` when given). */
function docsWithAll(store: PostingStore, terms: string[], field?: number): Set<number> {
  if (terms.length === 0) return new Set();
  // Start from the rarest term: the intersection never grows.
  const sets = terms.map((t) => docsWith(store, t, field)).sort((a, b) => a.size - b.size);
  const [first, ...rest] = sets;
  return new Set([...first].filter((d) => rest.every((s) => s.has(d))));
}

/**
 * Documents hit by one typed word: its terms, and for a hyphenated word either its joined form or all of its parts
 * ("-crowd-sourced" leaves out "crowdsourcing" and "crowd sourced", not every paper saying "crowd").
 */
function docsForWord(store: PostingStore, word: string): Set<number> {
  const parts: string[] = [];
  const joined: string[] = [];
  for (const t of tokens(word)) if (!t.stop) (t.joined ? joined : parts).push(t.term);
  const out = new Set<number>();
  if (joined.length === 0) {
    for (const p of parts) for (const d of docsWith(store, p)) out.add(d);
    return out;
  }
  for (const j of joined) for (const d of docsWith(store, j)) out.add(d);
  for (const d of docsWithAll(store, parts)) out.add(d);
  return out;
}

/** Document numbers hit by the query's `-word` and `-"phrase"` exclusions (exact terms, no fuzzy, no prefix). */
export function excludedDocs(store: PostingStore, paperOf: (doc: number) => Paper, q: ParsedQuery): Set<number> {
  const out = new Set<number>();
  for (const word of q.excludeWords) for (const d of docsForWord(store, word)) out.add(d);
  for (const phrase of q.excludePhrases) {
    const terms = tokens(phrase).filter((t) => !t.stop && !t.joined).map((t) => t.term);
    if (terms.length === 0) continue;
    const check = new PhraseCheck([phrase]);
    for (const d of docsWithAll(store, terms)) if (check.matches(paperOf(d))) out.add(d);
  }
  return out;
}

/**
 * Documents that may pass the query's positive author: and venue: filters, from the index's author and venue terms:
 * a superset of the papers `passesFilters` accepts (a one-letter word is an initial, matched as a prefix, so it is
 * left out here). Undefined when no filter narrows anything. Checking a candidate against this set first means a
 * record is read only for papers that hold the filter's words (at 1M papers, "author:… diffusion" read ~45k records).
 */
export function filterDocs(store: PostingStore, q: ParsedQuery): Set<number> | undefined {
  let out: Set<number> | undefined;
  for (const f of q.filters) {
    if (f.negate) continue;
    const terms = tokens(f.value)
      .filter((t) => !t.stop && !t.joined && t.term.length > 1)
      .map((t) => t.term);
    if (terms.length === 0) continue;
    const docs = docsWithAll(store, terms, FIELDS.indexOf(f.field === 'author' ? 'authors' : 'venue'));
    out = out ? new Set([...out].filter((d) => docs.has(d))) : docs;
  }
  return out;
}

/**
 * Documents that may pass the filters of a query with no words: found through the index (an author's or venue's
 * terms, or the year table) rather than by scanning the corpus. Callers still apply `passesFilters`.
 */
export function filterCandidates(store: PostingStore, byYear: Map<number, number[]>, q: ParsedQuery): number[] {
  const byFilters = filterDocs(store, q);
  if (byFilters) return [...byFilters];
  if (q.years) {
    const docs: number[] = [];
    // Not push(...list): a year of a million-paper corpus is more arguments than a call can take.
    for (const [year, list] of byYear) if (year >= q.years.from && year <= q.years.to) for (const d of list) docs.push(d);
    return docs;
  }
  return Array.from({ length: store.size }, (_, d) => d);
}
