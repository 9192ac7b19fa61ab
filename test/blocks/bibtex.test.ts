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

  it('escapes LaTeX specials in text fields, so the entry compiles', () => {
    const bib = toBibtex(paper({ title: 'Q&A robustness: 100% of #1 models_v2 cost ~$5, ^ and \\ too', authors: ['Smith & Wesson'], venue: 'Journal of R&D' }));
    expect(bib).toContain('title = {Q\\&A robustness: 100\\% of \\#1 models\\_v2 cost \\textasciitilde{}\\$5, \\textasciicircum{} and \\textbackslash{} too}');
    expect(bib).toContain('author = {Smith \\& Wesson}');
    expect(bib).toContain('journal = {Journal of R\\&D}');
  });

  it('keeps LaTeX the data already has: math, commands, accents and escapes', () => {
    const title = (t: string) => /title = \{(.*)\},?\n/.exec(toBibtex(paper({ title: t })))![1];
    expect(title('Bounds in $\\mathcal{O}(n)$ time')).toBe('Bounds in $\\mathcal{O}(n)$ time');
    expect(title('Sums $x_i^2$ & costs $5 and $10')).toBe('Sums $x_i^2$ \\& costs \\$5 and \\$10');
    expect(title('Already escaped: Q\\&A, 50\\% and {\\"o}ver {BREEDS}')).toBe('Already escaped: Q\\&A, 50\\% and {\\"o}ver {BREEDS}');
    expect(title('Math with a comment sign $a % b$')).toBe('Math with a comment sign $a \\% b$');
  });

  it('replaces stray braces, which BibTeX counts even when escaped, and keeps pairs', () => {
    const title = (t: string) => /title = \{(.*)\},?\n/.exec(toBibtex(paper({ title: t })))![1];
    expect(title('Bad } title {')).toBe('Bad \\textbraceright{} title \\textbraceleft{}');
    expect(title('Sets \\{a, b and {Kept}')).toBe('Sets \\textbraceleft{}a, b and {Kept}');
    // Whatever the input, every field's braces balance, so the entry ends where it should.
    for (const t of ['}{', '{{x}', '\\}', 'a \\{ b } c', '$x}$', '~^{']) {
      const bib = toBibtex(paper({ title: t }));
      let depth = 0;
      for (const ch of bib) {
        if (ch === '{') depth++;
        if (ch === '}') depth--;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
    }
  });

  it('keeps url, doi and eprint raw, encoding only what would break the entry', () => {
    const bib = toBibtex(paper({ url: 'https://example.org/a_b%20c?x=1&y=2#sec {v}\\z', doi: '10.1000/a_b#c&d', arxivId: '2007.08489' }));
    expect(bib).toContain('url = {https://example.org/a_b%20c?x=1&y=2#sec%20%7Bv%7D%5Cz}');
    expect(bib).toContain('doi = {10.1000/a_b#c&d}');
    expect(bib).toContain('eprint = {2007.08489}');
  });

  it('builds keys from last name, year and first title word', () => {
    expect(citeKey(paper({ authors: ['Müller, Jörg'], year: 2020, title: 'The Space of Things' }))).toBe('muller2020space');
    expect(citeKey(paper({ authors: ['Ludwig van Beethoven'], year: undefined, title: '3DB: A Framework' }))).toBe('beethoven3db');
    expect(citeKey(paper({ authors: [], year: undefined, title: '' }))).toBe('paper');
  });
});
