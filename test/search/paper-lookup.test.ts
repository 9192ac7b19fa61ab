// Finding the paper a person means by id, identifier or title (`/paper like <title>`, `paperbot similar <title>`).
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { exampleRefs, findByTitle, findPaper } from '../../src/search/paper-lookup.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { PAPERS } from './fixtures.ts';

const paper = (p: Partial<Paper> & Pick<Paper, 'id' | 'title'>): Paper => ({ abstract: '', authors: [], links: [], source: { file: 'test' }, ...p });

describe('findPaper', () => {
  const index = new SearchIndex(PAPERS);

  it('takes a corpus id, then a pasted arXiv id, link or DOI', () => {
    expect(findPaper(index, 'crowd')).toMatchObject({ paper: { id: 'crowd' }, by: 'id' });
    expect(findPaper(index, 'arXiv:2007.08489v2')).toMatchObject({ paper: { id: 'robust-transfer' }, by: 'identifier' });
    expect(findPaper(index, 'https://doi.org/10.1109/CVPR.2018.00001')).toMatchObject({ paper: { id: 'crowd' }, by: 'identifier' });
  });

  it('never guesses a paper for an identifier that is not in the library', () => {
    expect(findPaper(index, '1706.06083')).toBeUndefined();
    expect(findPaper(index, '  ')).toBeUndefined();
  });

  it('finds a title typed exactly, in any case and punctuation', () => {
    expect(findPaper(index, 'Do Adversarially Robust ImageNet Models Transfer Better?')).toMatchObject({ paper: { id: 'robust-transfer' }, by: 'title' });
    expect(findPaper(index, 'do adversarially robust imagenet models transfer better')).toMatchObject({ paper: { id: 'robust-transfer' }, by: 'title' });
    expect(findPaper(index, 'Crowd sourced labels for image classification.')).toMatchObject({ paper: { id: 'crowd' }, by: 'title' });
  });

  it('takes a close title (a word left out, a typo) but not a topic that shares some of its words', () => {
    expect(findPaper(index, 'Adversarially Robust ImageNet Models Transfer')).toMatchObject({ paper: { id: 'robust-transfer' }, by: 'close title' });
    expect(findPaper(index, 'Do Adversarialy Robust ImageNet Models Transfer Better')).toMatchObject({ paper: { id: 'robust-transfer' }, by: 'close title' });
    expect(findPaper(index, 'robust imagenet transfer')).toBeUndefined();
    expect(findPaper(index, 'image classification')).toBeUndefined();
    expect(findPaper(index, 'quantum chromodynamics on the lattice')).toBeUndefined();
  });

  it('reads a title as words, never as query syntax', () => {
    const syntax = new SearchIndex([paper({ id: 's', title: '"Quoted" -minus author:nobody year:1900' })]);
    expect(findPaper(syntax, '"Quoted" -minus author:nobody year:1900')).toMatchObject({ paper: { id: 's' }, by: 'title' });
  });
});

describe('findByTitle', () => {
  it("takes a title's short name before its colon when only one paper has it", () => {
    const index = new SearchIndex([
      paper({ id: 'breeds', title: 'BREEDS: Benchmarks for Subpopulation Shift' }),
      paper({ id: 'r1', title: 'Robustness: A Survey of Certified Defenses' }),
      paper({ id: 'r2', title: 'Robustness: Another Survey of Empirical Attacks' }),
    ]);
    expect(findByTitle(index, 'breeds')?.paper.id).toBe('breeds');
    // Two papers share the short name, so it names neither (and is too far from either whole title).
    expect(findByTitle(index, 'Robustness')).toBeUndefined();
    // A whole title wins over another paper's short name.
    const shadowed = new SearchIndex([paper({ id: 'short', title: 'Datamodels: Predicting Predictions' }), paper({ id: 'whole', title: 'Datamodels' })]);
    expect(findByTitle(shadowed, 'datamodels')?.paper.id).toBe('whole');
  });

  it('sees papers added to the index after a first lookup', () => {
    const index = new SearchIndex([paper({ id: 'a', title: 'Spectral Signatures in Backdoor Attacks' })]);
    expect(findByTitle(index, 'Identifying Statistical Bias in Dataset Replication')).toBeUndefined();
    index.add([paper({ id: 'b', title: 'Identifying Statistical Bias in Dataset Replication' })]);
    expect(findByTitle(index, 'Identifying Statistical Bias in Dataset Replication')).toMatchObject({ paper: { id: 'b' }, by: 'title' });
    expect(findByTitle(index, 'Spectral Signatures in Backdoor Attacks')).toMatchObject({ paper: { id: 'a' }, by: 'title' });
  });
});

describe('exampleRefs', () => {
  it('offers an arXiv id and a short title of this library, each resolving to its paper', () => {
    const index = new SearchIndex(PAPERS);
    const ex = exampleRefs(index);
    expect(ex.arxivId).toBeDefined();
    expect(ex.title).toBeDefined();
    expect(findPaper(index, ex.arxivId!)?.paper.arxivId).toBe(ex.arxivId);
    expect(findPaper(index, ex.title!)?.paper.title).toBe(ex.title);
    expect(exampleRefs(new SearchIndex([]))).toEqual({});
  });
});
