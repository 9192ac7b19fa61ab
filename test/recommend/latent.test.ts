// The latent (LSA) score: a paper that shares no word with a liked paper, only words its neighbours use with it, still scores.
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { Recommender } from '../../src/recommend/index.ts';

function paper(id: string, title: string, abstract: string): Paper {
  return { id, title, abstract, venue: '', date: '2026-02-01', year: 2026, authors: [], links: [], source: { file: 'latent.test.ts' } };
}

// Three subjects. The qubit papers use "quantum annealing" together with "superconducting qubit coherence", so in
// the latent space those words are close even in a paper that has only the second group. The qubit words are the
// feed's most common, so without the latent term the background pushes `near` below `far`.
const PAPERS: Paper[] = [
  paper('liked', 'Quantum annealing schedules', 'Tuning quantum annealing schedules.'),
  paper('q-1', 'Quantum annealing with superconducting qubits', 'Quantum annealing on superconducting qubit hardware needs cryogenic coherence.'),
  paper('q-2', 'Coherence limits of quantum annealing', 'Superconducting qubit coherence bounds quantum annealing at cryogenic temperatures.'),
  paper('q-3', 'Cryogenic control for quantum annealing', 'Cryogenic control electronics for superconducting qubit arrays in quantum annealing.'),
  paper('q-4', 'Noise in quantum annealing processors', 'Superconducting qubit noise and coherence in quantum annealing processors.'),
  paper('q-5', 'Quantum annealing benchmarks', 'Quantum annealing benchmarks on superconducting qubit machines with cryogenic coherence.'),
  paper('q-6', 'Superconducting qubit coherence', 'Coherence times of superconducting qubit devices at cryogenic temperatures.'),
  paper('q-7', 'Cryogenic superconducting qubit readout', 'Cryogenic readout preserves superconducting qubit coherence.'),
  paper('q-8', 'Qubit coherence under cryogenic noise', 'Cryogenic noise limits superconducting qubit coherence.'),
  paper('m-1', 'Medieval poetry manuscripts', 'Scribes copied medieval poetry into manuscripts.'),
  paper('m-2', 'Scribes of medieval manuscripts', 'Medieval scribes and their manuscripts of poetry.'),
  paper('m-3', 'Dating medieval poetry', 'Manuscripts date medieval poetry by its scribes.'),
  paper('p-1', 'Protein folding kinetics', 'Protein folding kinetics measured by spectroscopy.'),
  paper('p-2', 'Folding pathways of small proteins', 'Spectroscopy of protein folding pathways.'),
  paper('p-3', 'Protein misfolding', 'Protein misfolding and folding kinetics by spectroscopy.'),
  // The two candidates: neither shares a word with the liked paper.
  paper('near', 'Cryogenic coherence of superconducting qubits', 'Superconducting qubit coherence at cryogenic temperatures.'),
  paper('far', 'Medieval poetry and its scribes', 'Scribes of medieval poetry manuscripts.'),
];

const LATENT = { latentWeight: 0.5, latentRank: 3 };

describe('latent score', () => {
  it('ranks a paper whose words co-occur with the liked paper’s above an unrelated one', () => {
    const rec = new Recommender(PAPERS, LATENT);
    const ranked = rec.rank({ liked: ['liked'] }, ['far', 'near'], 2)!.map((r) => r.id);
    expect(ranked).toEqual(['near', 'far']);
  });

  it('is what does it: without the latent term the unrelated paper is not below', () => {
    const rec = new Recommender(PAPERS, { ...LATENT, latentWeight: 0 });
    const ranked = rec.rank({ liked: ['liked'] }, ['far', 'near'], 2)!.map((r) => r.id);
    expect(ranked).toEqual(['far', 'near']);
  });

  it('fits in slices after addSliced, and ranks as a fit at the first rank does', async () => {
    const rec = new Recommender([], LATENT);
    await rec.addSliced(PAPERS, { sliceMs: 0 });
    expect(rec.latentBytes).toBeGreaterThan(0);
    const fresh = new Recommender(PAPERS, LATENT);
    expect(fresh.latentBytes).toBe(0);
    expect(rec.rank({ liked: ['liked', 'm-1'] }, PAPERS.map((p) => p.id), 20)).toEqual(fresh.rank({ liked: ['liked', 'm-1'] }, PAPERS.map((p) => p.id), 20));
  });

  it('refits once the corpus has grown by more than a tenth, so a grown recommender ranks as a fresh one', () => {
    const grown = new Recommender(PAPERS.slice(0, 9), LATENT);
    expect(grown.rank({ liked: ['liked'] }, ['m-1', 'q-1'], 2)).not.toBeNull();
    grown.add(PAPERS.slice(9));
    const fresh = new Recommender(PAPERS, LATENT);
    const all = PAPERS.map((p) => p.id);
    expect(grown.rank({ liked: ['liked'] }, all, 20)).toEqual(fresh.rank({ liked: ['liked'] }, all, 20));
  });
});
