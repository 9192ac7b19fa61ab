// Links: extraction from abstracts (the seed's GitHub links), their kind, and the one link a card shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyLink, extractLinks, paperUrl } from '../../src/papers/links.ts';
import { parseProfileText } from '../../src/papers/formats/profile-text.ts';

describe('links in the seed abstracts', () => {
  const { papers } = parseProfileText(readFileSync('data/papers/madry-profile.txt', 'utf8'), 'seed');
  const linksOf = (title: RegExp) => papers.find((p) => title.test(p.title))?.links;

  it('finds the datamodels data release, without the trailing " ."', () => {
    expect(linksOf(/^Datamodels/)).toEqual([{ kind: 'data', url: 'https://github.com/MadryLab/datamodels-data' }]);
  });

  it('finds the 3DB library (closing parenthesis dropped) and its project page', () => {
    expect(linksOf(/^3DB/)).toEqual([
      { kind: 'code', url: 'https://github.com/3db/3db' },
      { kind: 'project', url: 'https://3db.github.io/3db/' },
    ]);
  });

  it('classifies "code and models" repositories as code', () => {
    expect(linksOf(/Transfer Better/)).toEqual([{ kind: 'code', url: 'https://github.com/Microsoft/robust-models-transfer' }]);
    expect(linksOf(/Implementation Matters/)).toEqual([{ kind: 'code', url: 'https://github.com/MadryLab/implementation-matters' }]);
  });

  it('finds no link in abstracts that have none', () => {
    expect(linksOf(/^BREEDS/)).toEqual([]);
  });
});

describe('extractLinks', () => {
  it('strips trailing punctuation and keeps balanced parentheses', () => {
    expect(extractLinks('See https://x.org/a, https://x.org/b; and (https://x.org/c). Also https://en.wikipedia.org/wiki/Foo_(bar).').map((l) => l.url)).toEqual([
      'https://x.org/a',
      'https://x.org/b',
      'https://x.org/c',
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
  });
  it('lists a repeated link once', () => {
    expect(extractLinks('https://github.com/a/b and again https://github.com/a/b.')).toHaveLength(1);
  });
});

describe('classifyLink', () => {
  it.each([
    ['https://github.com/a/b', 'code'],
    ['https://gitlab.com/a/b', 'code'],
    ['https://bitbucket.org/a/b', 'code'],
    ['https://huggingface.co/spaces/a/demo', 'code'],
    ['https://huggingface.co/datasets/a/b', 'data'],
    ['https://huggingface.co/a/model', 'other'],
    ['https://zenodo.org/records/1', 'data'],
    ['https://figshare.com/articles/x', 'data'],
    ['https://doi.org/10.5281/zenodo.123', 'data'],
    ['https://github.com/lab/imagenet-dataset', 'data'],
    ['https://lab.github.io/project/', 'project'],
    ['https://example.org/datasets/x', 'data'],
    ['https://example.org/', 'other'],
    ['not a url', 'other'],
  ])('%s is %s', (url, kind) => expect(classifyLink(url)).toBe(kind));
});

describe('paperUrl', () => {
  const title = 'BREEDS: Benchmarks for Subpopulation Shift';
  it('prefers the landing page, then DOI, then arXiv, then PDF', () => {
    expect(paperUrl({ title, url: 'https://x.org/p', doi: '10.1000/x', arxivId: '2008.04859' })).toBe('https://x.org/p');
    expect(paperUrl({ title, doi: '10.1000/x', arxivId: '2008.04859' })).toBe('https://doi.org/10.1000/x');
    expect(paperUrl({ title, arxivId: '2008.04859', pdf: 'https://x.org/p.pdf' })).toBe('https://arxiv.org/abs/2008.04859');
    expect(paperUrl({ title, pdf: 'https://x.org/p.pdf' })).toBe('https://x.org/p.pdf');
  });
  it('falls back to a title search', () => {
    expect(paperUrl({ title })).toBe('https://scholar.google.com/scholar?q=BREEDS%3A%20Benchmarks%20for%20Subpopulation%20Shift');
  });
});
