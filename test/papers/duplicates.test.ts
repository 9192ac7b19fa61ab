// PaperSet merges: a curated copy fills in co-authors and a published venue, never replacing a real author list.
import { describe, expect, it } from 'vitest';
import { PaperSet } from '../../src/papers/duplicates.ts';
import type { Paper } from '../../src/papers/paper.ts';

const paper = (fields: Partial<Paper> & { title: string }): Paper => ({
  id: fields.title.toLowerCase().replace(/\W+/g, '-'),
  authors: [],
  abstract: '',
  links: [],
  source: { file: 'x' },
  ...fields,
});

function merged(kept: Partial<Paper>, later: Partial<Paper>): Paper {
  const set = new PaperSet();
  set.add(paper({ title: 'Spectral Signatures', abstract: 'We identify spectral signatures of backdoor attacks.', source: { file: 'profile.txt', line: 5 }, ...kept }));
  set.add(paper({ title: 'Spectral Signatures', id: '1811.00636', arxivId: '1811.00636', source: { file: 'curated.jsonl', line: 1 }, ...later }));
  expect(set.papers).toHaveLength(1);
  return set.papers[0];
}

describe('PaperSet merging a curated copy into a profile paper', () => {
  it('takes the full author list when the kept paper names only the profile owner', () => {
    const p = merged({ authors: ['Madry, Aleksander'] }, { authors: ['Brandon Tran', 'Jerry Li', 'Aleksander Mądry'] });
    expect(p.authors).toEqual(['Brandon Tran', 'Jerry Li', 'Aleksander Mądry']);
  });

  it('keeps the kept paper\'s id, title, abstract and source, and fills its arXiv id', () => {
    const p = merged({ authors: ['Aleksander Madry'] }, { authors: ['Brandon Tran', 'Aleksander Madry'], title: 'SPECTRAL signatures' });
    expect(p).toMatchObject({
      id: 'spectral-signatures',
      title: 'Spectral Signatures',
      abstract: 'We identify spectral signatures of backdoor attacks.',
      arxivId: '1811.00636',
      source: { file: 'profile.txt', line: 5 },
    });
  });

  it('does not take a list that leaves out the kept author (a different author list, not a fuller one)', () => {
    const p = merged({ authors: ['Aleksander Madry'] }, { authors: ['Brandon Tran', 'Jerry Li'] });
    expect(p.authors).toEqual(['Aleksander Madry']);
  });

  it('never replaces a list of two or more authors', () => {
    const p = merged({ authors: ['Brandon Tran', 'Aleksander Madry'] }, { authors: ['Brandon Tran', 'Jerry Li', 'Aleksander Madry'] });
    expect(p.authors).toEqual(['Brandon Tran', 'Aleksander Madry']);
  });

  it('fills authors when the kept paper has none', () => {
    expect(merged({}, { authors: ['Brandon Tran'] }).authors).toEqual(['Brandon Tran']);
  });

  it('replaces an arXiv listing venue with the published one, and keeps any other venue', () => {
    expect(merged({ venue: 'arXiv.org Machine Learning' }, { venue: 'NeurIPS 2018' }).venue).toBe('NeurIPS 2018');
    expect(merged({ venue: 'Neural Information Processing Systems' }, { venue: 'NeurIPS 2018' }).venue).toBe('Neural Information Processing Systems');
    expect(merged({ venue: 'arXiv.org Machine Learning' }, { venue: 'arXiv' }).venue).toBe('arXiv.org Machine Learning');
    expect(merged({}, { venue: 'NeurIPS 2018' }).venue).toBe('NeurIPS 2018');
  });

  it('fills year and date without overwriting ones the kept paper has', () => {
    expect(merged({}, { year: 2018, date: '2018-11-01' })).toMatchObject({ year: 2018, date: '2018-11-01' });
    expect(merged({ year: 2019 }, { year: 2018 }).year).toBe(2019);
  });
});
