// Finds the one paper a person means: by corpus id, pasted arXiv id, link or DOI, or its title (`/paper like <title>`).
import { titleKey } from '../papers/paper-id.ts';
import type { Paper } from '../papers/paper.ts';
import { terms } from './analyzer.ts';
import { parsePaperRef } from './paper-ref.ts';
import type { SearchIndex } from './search-index.ts';

/** How the paper was found; `close title` means the words were near a title but not the same. */
export type FoundBy = 'id' | 'identifier' | 'title' | 'close title';

export interface FoundPaper {
  paper: Paper;
  by: FoundBy;
}

/**
 * How close typed words must be to a title for `findByTitle` to take it, as the Dice overlap of their terms
 * (stemmed, stopwords dropped): 2·shared / (typed + title). 0.75 takes a title missing one word in four or with
 * one typo ("Do Adversarially Robust ImageNet Models" for the 6-term title scores 0.8) and refuses a topic
 * that merely shares words with a title ("robust imagenet transfer" scores 0.67), which the user should search.
 */
export const TITLE_MATCH_THRESHOLD = 0.75;

/** Candidate titles the search is asked for: the right one ranks near the top when the words are its title's. */
const TITLE_CANDIDATES = 10;

/**
 * The paper `ref` names: a corpus id, else a pasted arXiv id, arXiv link or DOI (looked up, never guessed by
 * title: an identifier that is not in the library is not some other paper), else a title (see findByTitle).
 */
export function findPaper(index: SearchIndex, ref: string): FoundPaper | undefined {
  const text = ref.trim();
  if (!text) return undefined;
  const byId = index.get(text);
  if (byId) return { paper: byId, by: 'id' };
  if (parsePaperRef(text)) {
    const lookup = index.search(text, { limit: 1 });
    const paper = lookup.lookup ? lookup.hits[0]?.paper : undefined;
    return paper ? { paper, by: 'identifier' } : undefined;
  }
  return findByTitle(index, text);
}

/**
 * The paper titled `title`: the exact title once normalised (case, accents and punctuation ignored; a title's
 * short name before its colon counts too, so "BREEDS" finds "BREEDS: Benchmarks for Subpopulation Shift" when
 * no other of the search's candidates has that short name), else the search's best candidate whose title is within
 * TITLE_MATCH_THRESHOLD of the words, else undefined.
 */
export function findByTitle(index: SearchIndex, title: string): FoundPaper | undefined {
  const key = titleKey(title);
  if (!key) return undefined;
  // The normalised words, not the raw text: a title's quotes, colons or leading "-" must not read as query syntax.
  const candidates = index.search(key, { limit: TITLE_CANDIDATES }).hits;
  const exact = exactAmong(candidates, key);
  if (exact) return { paper: exact, by: 'title' };
  const wanted = new Set(terms(key));
  if (!wanted.size) return undefined;
  let best: { paper: Paper; score: number } | undefined;
  for (const hit of candidates) {
    const score = dice(wanted, new Set(terms(hit.paper.title)));
    if (score > (best?.score ?? 0)) best = { paper: hit.paper, score };
  }
  return best && best.score >= TITLE_MATCH_THRESHOLD ? { paper: best.paper, by: 'close title' } : undefined;
}

/**
 * The exact-title match among a search's candidates (a map of every title would read every record of a snapshot):
 * the title itself, else a short name before a colon that only one candidate has.
 */
function exactAmong(candidates: readonly { paper: Paper }[], key: string): Paper | undefined {
  const full = candidates.find((h) => titleKey(h.paper.title) === key);
  if (full) return full.paper;
  const short = candidates.filter((h) => {
    const colon = h.paper.title.indexOf(':');
    return colon > 0 && titleKey(h.paper.title.slice(0, colon)) === key;
  });
  return short.length === 1 ? short[0].paper : undefined;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** What a usage message can offer as examples: each one resolves, through findPaper, to a paper of this library. */
export interface ExampleRefs {
  arxivId?: string;
  title?: string;
}

/** Papers looked at for examples: the first ones loaded, so picking stays instant at any library size. */
const EXAMPLE_SAMPLE = 200;

/**
 * An arXiv id and a title from the library itself, so the example in `/paper like`'s usage works on whatever
 * library is loaded (the shipped seed, or a lab's own). The title is the shortest of 3+ words that resolves
 * back to its own paper; either is absent when no paper offers one.
 */
export function exampleRefs(index: SearchIndex): ExampleRefs {
  const sample = Array.from({ length: Math.min(EXAMPLE_SAMPLE, index.size) }, (_, doc) => index.paperAt(doc));
  const arxivId = sample.find((p) => p.arxivId && findPaper(index, p.arxivId)?.paper.id === p.id)?.arxivId;
  const titles = sample
    .filter((p) => p.title.split(/\s+/).length >= 3 && !p.title.includes('`'))
    .sort((a, b) => a.title.length - b.title.length);
  const title = titles.find((p) => findPaper(index, p.title)?.paper.id === p.id)?.title;
  return { ...(arxivId ? { arxivId } : {}), ...(title ? { title: title.replace(/\s+/g, ' ').trim() } : {}) };
}
