// The "shared: …" part of a recommendation's why line: the most distinctive words two papers have in common.
import type { PaperVectors } from './paper-vectors.ts';

/**
 * Up to `max` words both rows contain, ranked by their tf-idf weight in both papers (so a rare word both papers
 * dwell on comes first), in readable form (the shortest spelling seen, e.g. "adversarial" for the stem
 * "adversari"). Bigrams and categories are left out: they have no single word to show.
 */
/**
 * Common English words the search analyzer keeps (its stopword list is Lucene's short one, on purpose) but that
 * explain nothing in a "shared: …" line. Used only for display, never for scoring.
 */
const FUNCTION_WORDS = new Set(
  'about above after again all also am any been before being below between both can could did do does doing down during each few from further had has have having here how its itself just more most much must nor now off once only other our ours out over own same should so some than that them themselves those through too under until up very via we were what when where which while who whom why would you your show shows shown propose proposed using use used based new paper approach method results'.split(' '),
);

export function sharedTerms(vectors: PaperVectors, a: number, b: number, max: number): string[] {
  const idf = vectors.idf();
  const ra = vectors.row(a);
  const weightA = new Map<number, number>();
  for (let e = 0; e < ra.ids.length; e++) weightA.set(ra.ids[e], ra.weights[e]);
  const rb = vectors.row(b);
  const common: { word: string; weight: number }[] = [];
  for (let e = 0; e < rb.ids.length; e++) {
    const t = rb.ids[e];
    const wa = weightA.get(t);
    if (wa === undefined) continue;
    const word = vectors.surface(t);
    // A word in many papers ("model", "results") explains nothing: one in more than 5% of them is left out (but in
    // a tiny corpus, a word only the two papers have always counts).
    if (word === null || FUNCTION_WORDS.has(word)) continue;
    const df = vectors.docFreq(t);
    if (df > 2 && df > 0.05 * vectors.size) continue;
    common.push({ word, weight: wa * rb.weights[e] * idf[t] * idf[t] });
  }
  common.sort((x, y) => y.weight - x.weight || (x.word < y.word ? -1 : 1));
  const out: string[] = [];
  for (const { word } of common) {
    if (out.length >= max) break;
    // "robust" and "robustness" stem alike only when they are one term; hyphen parts and their joined form are not.
    if (!out.some((w) => w.includes(word) || word.includes(w))) out.push(word);
  }
  return out;
}
