// The candidate side of CSLS: a candidate whose nearest papers of the feed are all close to it (a crowded subject)
// loses β times the mean of its best cosines among the background sample, the profile's own papers left out.
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { paper as fixturePaper } from './fixtures.ts';
import { DEFAULT_SCORING_OPTIONS, Recommender } from '../../src/recommend/index.ts';
import { PaperVectors } from '../../src/recommend/paper-vectors.ts';

/** Every paper here is listed on the same day: only their words differ. */
const paper = (id: string, title: string, abstract: string, venue: string): Paper => fixturePaper(id, title, abstract, venue, '2026-02-01');

// A lab with one paper on a crowded subject (adversarial attacks on image classifiers) and one on a rarer one
// (protein folding). The feed has many papers on the crowded subject and one on folding.
const PAPERS: Paper[] = [
  paper('hub', 'Adversarial attacks on image classifiers', 'Image classifiers trained on large image datasets are fooled by small adversarial perturbations of the input image.', 'cs.CV, cs.LG'),
  paper('fold', 'Protein folding with residue contact maps', 'We predict residue contact maps of a protein and fold the protein chain from them.', 'q-bio.BM'),
  paper('crowd-1', 'Adversarial perturbations for image classifiers', 'Small adversarial perturbations fool image classifiers trained on image datasets.', 'cs.CV, cs.LG'),
  paper('crowd-2', 'Robust image classifiers against adversarial attacks', 'Adversarial attacks fool image classifiers; robust training on image datasets helps against them.', 'cs.CV, cs.LG'),
  paper('crowd-3', 'Transferable adversarial attacks on image classifiers', 'Adversarial perturbations crafted on one of the image classifiers fool other image classifiers.', 'cs.CV, cs.LG'),
  paper('crowd-4', 'Detecting adversarial images before classifiers see them', 'A detector flags adversarial perturbations of an input image before image classifiers read it.', 'cs.CV, cs.LG'),
  paper('crowd-5', 'Certified defenses for image classifiers', 'Certified bounds on adversarial perturbations of image classifiers trained on image datasets.', 'cs.CV, cs.LG'),
  paper('crowd-6', 'Adversarial patches fool image classifiers', 'Printed adversarial patches fool image classifiers on real images.', 'cs.CV, cs.LG'),
  paper('fold-new', 'Side-chain packing for designed enzymes', 'We pack side chains of designed enzymes with a learned energy over residue pairs.', 'q-bio.BM'),
  paper('db', 'Query optimization for column stores', 'Cost models for join ordering in column-oriented database engines.', 'cs.DB'),
  paper('astro', 'Photometric redshifts of faint galaxies', 'Galaxy redshifts estimated from broadband photometry in deep surveys.', 'astro-ph.GA'),
  paper('robot', 'Legged robot locomotion on rough terrain', 'A controller for quadruped robots walking over rocks and stairs.', 'cs.RO'),
  paper('crypto', 'Lattice signatures with small keys', 'Digital signatures from module lattices with compact public keys.', 'cs.CR'),
];
const IDS = PAPERS.map((p) => p.id);

/** Cosine of two papers' tf-idf vectors, computed here from the stored rows (independent of the scorer's postings). */
function cosines(): (a: string, b: string) => number {
  const v = new PaperVectors();
  for (const p of PAPERS) v.add(p);
  const idf = v.idf();
  const dense = (id: string) => {
    const row = IDS.indexOf(id);
    const { ids, weights } = v.row(row);
    const m = new Map<number, number>();
    for (let i = 0; i < ids.length; i++) m.set(ids[i], (m.get(ids[i]) ?? 0) + (weights[i] * idf[ids[i]]) / v.norm(row));
    return m;
  };
  return (a, b) => {
    const x = dense(a);
    let s = 0;
    for (const [t, w] of dense(b)) s += w * (x.get(t) ?? 0);
    return s;
  };
}

/** r(d) by hand: the mean of d's K best cosines with every other paper (here the whole corpus is the sample), the profile's left out. */
function expectedHub(d: string, profile: string[], k: number): number {
  const cos = cosines();
  const sims = IDS.filter((id) => id !== d && !profile.includes(id))
    .map((id) => cos(d, id))
    .sort((a, b) => b - a);
  const top = sims.slice(0, k);
  return top.reduce((s, x) => s + x, 0) / top.length;
}

/** The term at this fixture's size (below candidateHubMinPapers, it is off). */
const ANY_SIZE = { candidateHubMinPapers: 0 };
/**
 * The kNN and background weights this fixture was written for (the eighth round's: the mean of the 2 nearest liked
 * papers, background 1), so that only the candidate side moves the order below.
 */
const EIGHTH = { nearest: 2, backgroundWeight: 1 };

// These test the score itself: the learned re-ranking of the head (rerank.test.ts) is off (`rerank: null`).
describe('candidate-side hubness (the candidate side of CSLS)', () => {
  it('is on by default', () => {
    expect(DEFAULT_SCORING_OPTIONS.candidateHubWeight).toBeGreaterThan(0);
  });

  it('lifts a paper on a liked rarer subject above one of a crowded subject', () => {
    // The liked side of CSLS is off here, so only the candidate side moves the order.
    const candidates = ['crowd-1', 'fold-new'];
    const profile = { liked: ['hub', 'fold'] };
    const plain = new Recommender(PAPERS, { rerank: null, ...EIGHTH, cslsWeight: 0, candidateHubWeight: 0 }).rank(profile, candidates, 2)!.map((r) => r.id);
    expect(plain).toEqual(['crowd-1', 'fold-new']);
    const ranked = new Recommender(PAPERS, { rerank: null, ...EIGHTH, cslsWeight: 0, ...ANY_SIZE }).rank(profile, candidates, 2)!.map((r) => r.id);
    expect(ranked).toEqual(['fold-new', 'crowd-1']);
    // A feed this small is below candidateHubMinPapers by default: the term is off, the order the plain one.
    expect(new Recommender(PAPERS, { rerank: null, ...EIGHTH, cslsWeight: 0 }).rank(profile, candidates, 2)!.map((r) => r.id)).toEqual(plain);
  });

  it('lowers each score by β × the mean of the candidate’s K best cosines among the sample, the profile’s papers left out', () => {
    const { candidateHubWeight: beta, candidateHubK: k } = DEFAULT_SCORING_OPTIONS;
    const check = (liked: string[], candidates: string[]) => {
      const off = new Recommender(PAPERS, { rerank: null, candidateHubWeight: 0 }).rank({ liked }, candidates, candidates.length)!;
      const on = new Recommender(PAPERS, { ...ANY_SIZE, rerank: null }).rank({ liked }, candidates, candidates.length)!;
      const offScore = new Map(off.map((r) => [r.id, r.score]));
      for (const r of on) expect(offScore.get(r.id)! - r.score).toBeCloseTo(beta * expectedHub(r.id, liked, k), 6);
    };
    // A liked paper among a candidate's nearest does not count (it is the lab, not the feed): with it counted the
    // crowd's r(d) would be higher.
    expect(expectedHub('crowd-1', ['hub'], k)).toBeLessThan(expectedHub('crowd-1', [], k));
    check(['hub', 'fold'], ['crowd-1', 'crowd-2', 'fold-new', 'db']);
    // Most of crowd-1's nearest papers liked: more of them than the cached list's spare places, computed again.
    check(['hub', 'crowd-2', 'crowd-3', 'crowd-4', 'crowd-5', 'crowd-6'], ['crowd-1', 'fold-new', 'db']);
    // The same recommender ranking both profiles in turn reads its cache right for each (to 6 places: the
    // background cosine is cached as a 32-bit float after its first use).
    const rec = new Recommender(PAPERS, { ...ANY_SIZE, rerank: null });
    const many = { liked: ['hub', 'crowd-2', 'crowd-3', 'crowd-4', 'crowd-5', 'crowd-6'] };
    const few = rec.rank({ liked: ['hub'] }, ['crowd-1'], 1)![0].score;
    const most = rec.rank(many, ['crowd-1'], 1)![0].score;
    expect(rec.rank({ liked: ['hub'] }, ['crowd-1'], 1)![0].score).toBeCloseTo(few, 6);
    expect(rec.rank(many, ['crowd-1'], 1)![0].score).toBeCloseTo(most, 6);
  });
});
