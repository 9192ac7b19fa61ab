// Hand-written papers for the search tests: authors, venues, years and identifiers the seed corpus lacks.
import type { Paper } from '../../src/papers/paper.ts';

function paper(p: Partial<Paper> & Pick<Paper, 'id' | 'title' | 'abstract'>): Paper {
  return { authors: [], links: [], source: { file: 'fixtures.ts' }, ...p };
}

export const PAPERS: Paper[] = [
  paper({
    id: 'robust-transfer',
    title: 'Do Adversarially Robust ImageNet Models Transfer Better?',
    abstract: 'Transfer learning is a widely used paradigm. We find that adversarially robust models, while less accurate, often perform better than their standard-trained counterparts when used for transfer learning.',
    authors: ['Hadi Salman', 'Andrew Ilyas', 'Logan Engstrom', 'Ashish Kapoor', 'Aleksander Madry'],
    venue: 'NeurIPS',
    year: 2020,
    arxivId: '2007.08489',
  }),
  paper({
    id: 'crowd',
    title: 'Crowd-sourced labels for image classification',
    abstract: 'We collect crowd-sourced annotations and compare them with expert labels on a benchmark of natural images.',
    authors: ['María Díaz', 'John Smith'],
    venue: 'CVPR',
    year: 2018,
    doi: '10.1109/CVPR.2018.00001',
  }),
  paper({
    id: 'old-physics',
    title: 'String dualities in eleven dimensions',
    abstract: 'We revisit dualities of string theory and their consequences for compactification.',
    authors: ['Edward Witten'],
    venue: 'hep-th',
    year: 1999,
    arxivId: 'hep-th/9901001',
  }),
  paper({
    id: 'no-abstract',
    title: 'Robustness certificates for backdoor defenses',
    abstract: '',
    authors: ['Aleksander Madry', 'Jane Doe'],
    venue: 'ICML',
    year: 2021,
  }),
  paper({
    id: 'label-noise',
    title: 'Learning with noisy labels',
    abstract: 'Label noise hurts image classification. We study robust losses that tolerate noisy labels from crowdsourcing platforms.',
    authors: ['John Smith'],
    venue: 'Advances in Neural Information Processing Systems',
    year: 2019,
    url: 'https://arxiv.org/abs/1905.00001',
  }),
];
