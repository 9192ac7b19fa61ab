// The lab-feed benchmark's tuning split: other authors of the same corpus, drawn with the protocol's own rule.
import type { Paper } from '../src/papers/paper.ts';
import type { LabProfile } from './lab-feed.ts';

/** A small seeded PRNG (mulberry32), so a split is the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A tuning split with the protocol's rule, on other authors: `n` authors drawn with a fixed seed from those with at
 * least 5 papers listed before `since` and at least 3 on or after it, leaving out the benchmark's 100, so that
 * a choice made on this split can be read on all of them. The authors come from the corpus file's own `authors`
 * field, before the protocol removes it. `skip` takes the n after the first `skip` of the same draw: a second split,
 * disjoint from the first.
 */
export function devSplit(papers: Paper[], exclude: Set<string>, n: number, since: string, skip = 0, seed = 9): { eligible: number; profiles: LabProfile[]; qrels: Map<string, Set<string>> } {
  const byAuthor = new Map<string, { before: string[]; after: string[] }>();
  for (const p of papers) {
    if (!p.date) continue;
    for (const a of new Set(p.authors)) {
      if (exclude.has(a)) continue;
      let e = byAuthor.get(a);
      if (!e) byAuthor.set(a, (e = { before: [], after: [] }));
      (p.date < since ? e.before : e.after).push(p.id);
    }
  }
  const eligible = [...byAuthor].filter(([, e]) => e.before.length >= 5 && e.after.length >= 3).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const rand = mulberry32(seed);
  for (let i = eligible.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
  }
  const chosen = eligible.slice(skip, skip + n);
  return {
    eligible: eligible.length,
    profiles: chosen.map(([name, e]) => ({ _id: name, liked: e.before, since })),
    qrels: new Map(chosen.map(([name, e]) => [name, new Set(e.after)])),
  };
}
