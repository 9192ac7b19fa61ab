// Picks the best passage of a paper for a set of matched terms and marks those words in it.
import { tokens, type Token } from './analyzer.ts';
import type { Snippet } from './results.ts';

/** How snippets are cut. */
export interface SnippetOptions {
  /** Target passage length in characters, before ellipses. Default 300. */
  length: number;
}

export const DEFAULT_SNIPPET_OPTIONS: SnippetOptions = { length: 300 };

const ELLIPSIS = '…';

/**
 * The passage of about `length` characters of `text` with the most matched terms (distinct terms count most,
 * repeats break ties), cut at word boundaries, with "…" where text was cut. `marks` are the [start, end) offsets of
 * the matched words in the returned text; `matched` holds analyzed terms (stems), so "Robustness" and "robust" are
 * both marked for the query "robustness".
 */
export function makeSnippet(source: string, matched: ReadonlySet<string>, opts: SnippetOptions = DEFAULT_SNIPPET_OPTIONS): Snippet {
  const text = source.replace(/\s+/g, ' ').trim();
  if (text.length === 0) return { text: '', marks: [] };
  const all = tokens(text);
  const hits = all.filter((t) => matched.has(t.term));
  const [from, to] = bestWindow(text, all, hits, opts.length);
  const prefix = from > 0 ? ELLIPSIS + ' ' : '';
  const suffix = to < text.length ? ' ' + ELLIPSIS : '';
  const shift = prefix.length - from;
  const marks = mergeSpans(hits.filter((t) => t.start >= from && t.end <= to).map((t): [number, number] => [t.start + shift, t.end + shift]));
  return { text: prefix + text.slice(from, to) + suffix, marks };
}

/**
 * [from, to) character range of the densest window. Starts at a matched word (or a sentence start shortly before
 * it), ends at the last whole word that fits. Without any match: the beginning of the text.
 */
function bestWindow(text: string, all: Token[], hits: Token[], length: number): [number, number] {
  if (text.length <= length) return [0, text.length];
  let bestStart = 0;
  let bestScore = -1;
  // Two pointers over the matched tokens: window [hits[i].start, hits[i].start + length).
  const counts = new Map<string, number>();
  let j = 0;
  for (let i = 0; i < hits.length; i++) {
    while (j < hits.length && hits[j].end <= hits[i].start + length) {
      counts.set(hits[j].term, (counts.get(hits[j].term) ?? 0) + 1);
      j++;
    }
    const score = counts.size * 1000 + (j - i);
    if (score > bestScore) {
      bestScore = score;
      bestStart = hits[i].start;
    }
    const c = counts.get(hits[i].term)! - 1;
    if (c === 0) counts.delete(hits[i].term);
    else counts.set(hits[i].term, c);
  }
  // Reading from a sentence start is easier when it costs little room (up to a fifth of the window).
  let from = bestStart;
  const sentence = text.lastIndexOf('. ', bestStart);
  if (bestStart > 0 && sentence >= 0 && bestStart - (sentence + 2) <= length / 5) from = sentence + 2;
  else if (bestStart > 0 && bestStart <= length / 5) from = 0;
  // Center short runs of matches: give back unused room before the first match when the window reaches the end.
  let to = lastWordEnd(all, from + length);
  // Only punctuation after the last word: keep it rather than end on "…" for a lone period.
  if (!all.some((t) => t.start >= to)) to = text.length;
  if (to >= text.length) {
    to = text.length;
    from = firstWordStart(all, Math.min(from, text.length - length));
  }
  return [from, Math.max(to, from)];
}

/** End of the last word ending at or before `limit`. */
function lastWordEnd(all: Token[], limit: number): number {
  let end = 0;
  for (const t of all) {
    if (t.end > limit) break;
    end = Math.max(end, t.end);
  }
  return end;
}

/** Start of the first word starting at or after `at`. */
function firstWordStart(all: Token[], at: number): number {
  for (const t of all) if (t.start >= at) return t.start;
  return at;
}

/** Sorted, non-overlapping spans (a hyphenated word's joined form overlaps its parts). */
function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Array<[number, number]> = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}
