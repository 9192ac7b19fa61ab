// The "shared: …" part of a recommendation's why line: the most distinctive words two papers have in common.
import type { PaperVectors } from './paper-vectors.ts';

/**
 * Up to `max` words both rows contain, ranked by their tf-idf weight in both papers (so a rare word both papers
 * dwell on comes first), in readable form (the shortest spelling seen, e.g. "adversarial" for the stem
 * "adversari"). Bigrams and categories are left out: they have no single word to show.
 */
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
    // A word in nearly every paper ("model", "results") explains nothing; idf near 1 means it is everywhere.
    if (word === null || idf[t] < 2) continue;
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
