// Hand-written papers for the digest tests: a few on robustness, a few on other topics.
import type { Paper } from '../../src/papers/paper.ts';

function paper(id: string, title: string, abstract: string, date: string): Paper {
  return { id, title, authors: ['Ada Lovelace', 'Alan Turing'], abstract, date, year: Number(date.slice(0, 4)), links: [], source: { file: 'test/digests/papers.ts' } };
}

export const PAPERS: Paper[] = [
  paper('rob-1', 'Certified robustness to adversarial examples', 'We study robustness of classifiers to adversarial perturbations and certify it.', '2019-05-01'),
  paper('rob-2', 'Robustness under distribution shift', 'Distribution shift hurts robustness; we benchmark models under subpopulation shift.', '2020-06-01'),
  paper('rob-3', 'Adversarial training at scale', 'Adversarial training improves robustness when done at scale with careful tuning.', '2021-07-01'),
  paper('rob-4', 'A survey of robustness in vision', 'A survey of robustness benchmarks for image classifiers.', '2022-08-01'),
  paper('gen-1', 'Diffusion models for audio', 'We train diffusion models that generate audio waveforms.', '2023-01-01'),
  paper('gen-2', 'Protein folding with transformers', 'Transformers predict protein structures from sequences.', '2023-02-01'),
];

/** Papers that "arrive later" (a new file or an arXiv poll). */
export const NEW_ROBUSTNESS: Paper = paper('rob-new', 'Robustness of language models to typos', 'Typos break robustness of language models; we measure it.', '2024-03-01');
