import { describe, expect, it } from 'vitest';
import { citeKey, toBibtex } from '../../src/blocks/bibtex.ts';
import { paper } from './fixtures.ts';

describe('toBibtex', () => {
  it('renders a seed-like paper (profile text: one author, arXiv.org venue, no year) without inventing fields', () => {
    const seed = paper({
      id: 'datamodels-predicting-predictions-from-training-data',
      title: 'Datamodels: Predicting Predictions from Training Data',
      authors: ['Aleksander Madry'],
      venue: 'arXiv.org Machine Learning',
      year: undefined,
      url: undefined,
      links: [{ kind: 'data', url: 'https://github.com/MadryLab/datamodels-data' }],
    });
    expect(toBibtex(seed)).toBe(
      [
        '@misc{madrydatamodels,',
        '  author = {Aleksander Madry},',
        '  title = {Datamodels: Predicting Predictions from Training Data},',
        '  howpublished = {arXiv.org Machine Learning}',
        '}',
      ].join('\n'),
    );
  });

  it('renders an arXiv paper as @misc with eprint, archivePrefix and primaryClass', () => {
    const arxiv = paper({
      title: 'Towards Deep Learning Models Resistant to Adversarial Attacks',
      authors: ['Madry, Aleksander', 'Makelov, Aleksandar'],
      venue: 'stat.ML, cs.LG',
      year: 2017,
      arxivId: '1706.06083',
      url: 'https://arxiv.org/abs/1706.06083',
      doi: '10.48550/arXiv.1706.06083',
    });
    expect(toBibtex(arxiv)).toBe(
      [
        '@misc{madry2017towards,',
        '  author = {Madry, Aleksander and Makelov, Aleksandar},',
        '  title = {Towards Deep Learning Models Resistant to Adversarial Attacks},',
        '  year = {2017},',
        '  doi = {10.48550/arXiv.1706.06083},',
        '  url = {https://arxiv.org/abs/1706.06083},',
        '  eprint = {1706.06083},',
        '  archivePrefix = {arXiv},',
        '  primaryClass = {stat.ML}',
        '}',
      ].join('\n'),
    );
  });

  it('uses @inproceedings for conferences and @article for journals', () => {
    expect(toBibtex(paper({ venue: 'Neural Information Processing Systems' }))).toMatch(/^@inproceedings\{[^]*booktitle = \{Neural Information Processing Systems\}/);
    expect(toBibtex(paper({ venue: 'Journal of Machine Learning Research' }))).toMatch(/^@article\{[^]*journal = \{Journal of Machine Learning Research\}/);
  });

  it('escapes unbalanced braces but keeps balanced LaTeX', () => {
    expect(toBibtex(paper({ title: 'Bad } title {' }))).toContain('title = {Bad \\} title \\{}');
    expect(toBibtex(paper({ title: 'Bounds in $\\mathcal{O}(n)$ time' }))).toContain('title = {Bounds in $\\mathcal{O}(n)$ time}');
  });

  it('builds keys from last name, year and first title word', () => {
    expect(citeKey(paper({ authors: ['Müller, Jörg'], year: 2020, title: 'The Space of Things' }))).toBe('muller2020space');
    expect(citeKey(paper({ authors: ['Ludwig van Beethoven'], year: undefined, title: '3DB: A Framework' }))).toBe('beethoven3db');
    expect(citeKey(paper({ authors: [], year: undefined, title: '' }))).toBe('paper');
  });
});
