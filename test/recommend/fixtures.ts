// Hand-written papers on a few subjects (adversarial robustness, backdoors, protein structure, parsing) for the recommender tests.
import type { Paper } from '../../src/papers/paper.ts';

/** A hand-written paper; the year is the date's unless given. */
export function paper(id: string, title: string, abstract: string, venue: string, date?: string, year?: number): Paper {
  return { id, title, abstract, venue, date, year: year ?? (date ? Number(date.slice(0, 4)) : undefined), authors: [], links: [], source: { file: 'fixtures.ts' } };
}

export const PAPERS: Paper[] = [
  paper('rob-1', 'Certified adversarial robustness via randomized smoothing', 'We show how to turn any image classifier into a new classifier that is certifiably robust to adversarial perturbations under the l2 norm, using randomized smoothing with Gaussian noise.', 'cs.LG, stat.ML', '2025-04-02'),
  paper('rob-1-dup', 'Certifiable adversarial robustness through randomized smoothing', 'Any image classifier can be turned into a classifier certifiably robust against adversarial perturbations in l2 norm: randomized smoothing with Gaussian noise gives the certificate.', 'cs.LG', '2026-02-10'),
  paper('rob-2', 'Adversarial training for robust image classifiers', 'Adversarial training with projected gradient descent makes image classifiers robust to small adversarial perturbations, at a cost in clean accuracy.', 'cs.LG, cs.CV', '2026-02-11'),
  paper('rob-3', 'Robustness of vision transformers to adversarial patches', 'We measure how vision transformers respond to adversarial patches and find them more robust than convolutional image classifiers.', 'cs.CV', '2026-03-01'),
  paper('bd-1', 'Backdoor attacks on image classifiers via poisoned training data', 'An attacker who poisons a small fraction of the training data with a trigger pattern plants a backdoor: image classifiers then misclassify any input carrying the trigger.', 'cs.CR, cs.LG', '2025-05-20'),
  paper('bd-2', 'Detecting backdoor triggers in poisoned image classifiers', 'We detect backdoor triggers planted through poisoned training data by inspecting the activations of image classifiers on triggered inputs.', 'cs.CR, cs.CV', '2026-02-12'),
  paper('bd-3', 'Spectral signatures of backdoor poisoning', 'Poisoned training examples that plant a backdoor trigger leave a spectral signature in the learned representation, which we use to remove them.', 'cs.CR, cs.LG', '2026-03-05'),
  paper('prot-1', 'Protein structure prediction with deep attention networks', 'We predict protein structure from amino acid sequences with attention networks trained on the protein data bank.', 'q-bio.BM', '2025-06-01'),
  paper('prot-2', 'Folding proteins from sequence with geometric deep learning', 'Geometric deep learning over residue graphs predicts folded protein structure from sequence alone.', 'q-bio.BM, cs.LG', '2026-02-15'),
  paper('nlp-1', 'Dependency parsing with biaffine attention', 'A graph-based dependency parser scores head and dependent words with biaffine attention and reaches state-of-the-art parsing accuracy on treebanks.', 'cs.CL', '2026-02-20'),
  paper('old-1', 'Adversarial examples in the physical world', 'Adversarial examples printed on paper still fool image classifiers through a camera.', 'cs.CV', undefined, 2016),
  paper('new-year-only', 'Adversarial robustness benchmarks for image classifiers', 'A benchmark of adversarial robustness for image classifiers under many perturbation budgets.', 'cs.LG', undefined, 2026),
];
