// The kNN term's per-liked-paper normalization (CSLS): a liked paper close to many candidates does not win the kNN
// term for all of them.
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { paper as fixturePaper } from './fixtures.ts';
import { Recommender } from '../../src/recommend/index.ts';
import { CSLS_LIMITS } from '../../src/recommend/profile-scorer.ts';

/** Every paper here is listed on the same day: only their words differ. */
const paper = (id: string, title: string, abstract: string, venue: string): Paper => fixturePaper(id, title, abstract, venue, '2026-02-01');

// A lab whose library has one paper on a crowded subject (image classifiers under adversarial attack) and two on
// rarer ones (protein folding, dependency parsing). The day's list is mostly the crowded subject.
const PAPERS: Paper[] = [
  paper('hub', 'Adversarial attacks on image classifiers', 'Image classifiers trained on large image datasets are fooled by small adversarial perturbations of the input image.', 'cs.CV, cs.LG'),
  paper('fold', 'Protein folding with residue contact maps', 'We predict residue contact maps of a protein and fold the protein chain from them.', 'q-bio.BM'),
  paper('parse', 'Dependency parsing of long sentences', 'A transition parser for dependency trees of long sentences in low-resource treebanks.', 'cs.CL'),
  paper('crowd-1', 'Adversarial perturbations for image classifiers', 'Small adversarial perturbations fool image classifiers trained on image datasets.', 'cs.CV, cs.LG'),
  paper('crowd-2', 'Robust image classifiers against adversarial attacks', 'Adversarial attacks fool image classifiers; robust training on image datasets helps against them.', 'cs.CV, cs.LG'),
  paper('crowd-3', 'Transferable adversarial attacks on image classifiers', 'Adversarial perturbations crafted on one of the image classifiers fool other image classifiers.', 'cs.CV, cs.LG'),
  paper('crowd-4', 'Detecting adversarial images before classifiers see them', 'A detector flags adversarial perturbations of an input image before image classifiers read it.', 'cs.CV, cs.LG'),
  paper('fold-new', 'Side-chain packing for designed enzymes', 'We pack side chains of designed enzymes with a learned energy over residue contact pairs.', 'q-bio.BM'),
  // Other subjects, so that the feed background is not the crowded subject.
  paper('db', 'Query optimization for column stores', 'Cost models for join ordering in column-oriented database engines.', 'cs.DB'),
  paper('astro', 'Photometric redshifts of faint galaxies', 'Galaxy redshifts estimated from broadband photometry in deep surveys.', 'astro-ph.GA'),
  paper('robot', 'Legged robot locomotion on rough terrain', 'A controller for quadruped robots walking over rocks and stairs.', 'cs.RO'),
  paper('net', 'Congestion control for satellite links', 'A congestion controller for long-delay satellite network links.', 'cs.NI'),
  paper('crypto', 'Lattice signatures with small keys', 'Digital signatures from module lattices with compact public keys.', 'cs.CR'),
  paper('theory', 'Lower bounds for streaming graph coloring', 'Space lower bounds for coloring graphs in the streaming model.', 'cs.DS'),
];
const CANDIDATES = ['crowd-1', 'crowd-2', 'crowd-3', 'crowd-4', 'fold-new'];
const LIKED = ['hub', 'fold', 'parse'];

// These test the score itself: the learned re-ranking of the head (rerank.test.ts) is off (`rerank: null`).
describe('per-liked-paper normalization in the kNN term (CSLS)', () => {
  it('lifts a paper on a liked rarer subject above the crowd around one liked paper', () => {
    // Plain cosines: the crowd's papers are the hub paper's near neighbours and fill the kNN term's best place.
    // (The candidate-side term is off throughout: this is the liked side alone.)
    const plain = new Recommender(PAPERS, { rerank: null, cslsWeight: 0, candidateHubWeight: 0 }).rank({ liked: LIKED }, CANDIDATES, 5)!.map((r) => r.id);
    expect(plain.indexOf('fold-new')).toBeGreaterThanOrEqual(2);
    // Each liked paper's cosines less the mean of its best ones among the candidates: the hub's are all high, so
    // they count for little, and the folding paper's one good match stands out.
    const ranked = new Recommender(PAPERS, { rerank: null, candidateHubWeight: 0 }).rank({ liked: LIKED }, CANDIDATES, 5)!.map((r) => r.id);
    expect(ranked[0]).toBe('fold-new');
    // The crowd keeps its own order.
    expect(ranked.filter((id) => id !== 'fold-new')).toEqual(plain.filter((id) => id !== 'fold-new'));
  });

  it('shifts every score by the same amount, α times the mean r(l), when the kNN term takes every liked paper', () => {
    const options = { nearest: 3 };
    const plain = new Recommender(PAPERS, { rerank: null, ...options, cslsWeight: 0 }).rank({ liked: LIKED }, CANDIDATES, 5)!;
    const half = new Recommender(PAPERS, { rerank: null, ...options, cslsWeight: 0.5 }).rank({ liked: LIKED }, CANDIDATES, 5)!;
    const full = new Recommender(PAPERS, { ...options, rerank: null }).rank({ liked: LIKED }, CANDIDATES, 5)!;
    expect(full.map((r) => r.id)).toEqual(plain.map((r) => r.id));
    const shift = plain[0].score - full[0].score;
    expect(shift).toBeGreaterThan(0.01);
    for (let i = 0; i < plain.length; i++) {
      expect(plain[i].score - full[i].score).toBeCloseTo(shift, 10);
      expect(plain[i].score - half[i].score).toBeCloseTo(shift / 2, 10);
    }
  });

  it('takes r(l) over all the candidates when there are fewer than cslsK', () => {
    // With K far above the list's size, r(l) is the mean over the list: the same as K = the list's size.
    const a = new Recommender(PAPERS, { rerank: null, cslsK: 1000 }).rank({ liked: LIKED }, CANDIDATES, 5)!;
    const b = new Recommender(PAPERS, { rerank: null, cslsK: CANDIDATES.length }).rank({ liked: LIKED }, CANDIDATES, 5)!;
    expect(a).toEqual(b);
    const c = new Recommender(PAPERS, { rerank: null, cslsK: 1 }).rank({ liked: LIKED }, CANDIDATES, 5)!;
    expect(c.map((r) => r.score)).not.toEqual(a.map((r) => r.score));
  });
});

describe('CSLS on a large feed', () => {
  it('ranks the same when the candidate × profile cosines are too many to keep, and are computed again instead', () => {
    const kept = new Recommender(PAPERS, { rerank: null }).rank({ liked: LIKED }, CANDIDATES, 5);
    const saved = CSLS_LIMITS.keptMax;
    CSLS_LIMITS.keptMax = 3; // fewer than one candidate's cosines: the second pass recomputes them
    try {
      expect(new Recommender(PAPERS, { rerank: null }).rank({ liked: LIKED }, CANDIDATES, 5)).toEqual(kept);
    } finally {
      CSLS_LIMITS.keptMax = saved;
    }
  });
});
