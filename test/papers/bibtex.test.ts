// BibTeX loader: LaTeX accents decoded, arXiv eprints, and a broken entry reported with its line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBibtex } from '../../src/papers/formats/bibtex.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe('parseBibtex', () => {
  const out = parseBibtex(readFileSync(fixture('refs.bib'), 'utf8'), 'refs.bib');

  it('decodes LaTeX accents and markup in title, authors, venue and abstract', () => {
    expect(out.papers[0]).toMatchObject({
      id: '10.1234/moeb.2020',
      title: 'Robustness of Möbius Networks',
      authors: ['August Möbius', 'Paul Erdős', 'OpenAI Team'],
      venue: 'Journal of Élèves',
      year: 2020,
      doi: '10.1234/moeb.2020',
      abstract: 'We study Möbius networks with 50% fewer parameters. Code at https://github.com/moebius/nets.',
      links: [{ kind: 'code', url: 'https://github.com/moebius/nets' }],
      source: { file: 'refs.bib', line: 2 },
    });
  });

  it('takes the arXiv id (no version) from eprint, keeps particles, and uses booktitle as venue', () => {
    expect(out.papers[1]).toMatchObject({
      id: '2105.01234',
      arxivId: '2105.01234',
      title: 'An arXiv Preprint',
      authors: ['Jane Doe', 'Piet van der Berg'],
      venue: 'Proceedings of Examples',
      year: 2021,
      source: { file: 'refs.bib', line: 15 },
    });
  });

  it('reports the broken entry with its line and the entry without a title, and loads the rest', () => {
    expect(out.papers).toHaveLength(2);
    expect(out.issues).toHaveLength(2);
    expect(out.issues[0]).toMatchObject({ file: 'refs.bib', line: 11 });
    expect(out.issues[0].message).toBe('bad BibTeX entry: Unterminated brace-value "This entry never clo" in "article"');
    expect(out.issues[1]).toEqual({ file: 'refs.bib', line: 24, message: '@misc{notitle}: missing title' });
  });

  it('never takes the citation key as the id', () => {
    expect(out.papers.map((p) => p.id)).not.toContain('moebius2020');
  });

  it('keeps \\url and \\href targets as plain text, so their links are extracted', () => {
    const bib = '@misc{u, title={Links}, abstract={Code: \\url{https://github.com/a/b}. Data: \\href{https://zenodo.org/x}{here}.}}';
    const [paper] = parseBibtex(bib, 'u.bib').papers;
    expect(paper.abstract).toBe('Code: https://github.com/a/b. Data: here (https://zenodo.org/x).');
    expect(paper.links).toEqual([
      { kind: 'code', url: 'https://github.com/a/b' },
      { kind: 'data', url: 'https://zenodo.org/x' },
    ]);
  });
});
