// Scholar-profile export loader: the seed file and a hand-broken copy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfileText } from '../../src/papers/formats/profile-text.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe('parseProfileText on the seed export', () => {
  const seed = parseProfileText(readFileSync('data/papers/madry-profile.txt', 'utf8'), 'madry-profile.txt');

  it('loads the 10 papers, all by the profile owner as "First Last", with venues and no issues', () => {
    expect(seed.issues).toEqual([]);
    expect(seed.papers).toHaveLength(10);
    for (const p of seed.papers) {
      expect(p.authors).toEqual(['Aleksander Madry']);
      expect(p.venue).toMatch(/^(arXiv\.org (Machine Learning|Artificial Intelligence)|Neural Information Processing Systems)$/);
      expect(p.abstract.length).toBeGreaterThan(200);
    }
    expect(seed.papers[0].title).toBe('Datamodels: Predicting Predictions from Training Data');
    expect(seed.papers[9]).toMatchObject({ title: 'Spectral Signatures in Backdoor Attacks', venue: 'Neural Information Processing Systems' });
  });

  it('invents no metadata: no year, date, url, pdf, doi or arXiv id', () => {
    for (const p of seed.papers) {
      for (const field of ['year', 'date', 'url', 'pdf', 'doi', 'arxivId'] as const) expect(p[field]).toBeUndefined();
    }
  });

  it('gives slug ids and the line of each title', () => {
    expect(seed.papers[0].id).toBe('datamodels-predicting-predictions-from-training-data');
    expect(seed.papers[0].source).toEqual({ file: 'madry-profile.txt', line: 6 });
    expect(new Set(seed.papers.map((p) => p.id)).size).toBe(10);
  });
});

describe('parseProfileText on a broken export', () => {
  const out = parseProfileText(readFileSync(fixture('profile-broken.txt'), 'utf8'), 'broken.txt');

  it('reads the owner after a non-breaking space and flips "Last, First"', () => {
    expect(out.papers[0].authors).toEqual(['Jane Doe']);
  });

  it('loads a paper whose venue line is missing, without venue, and reports it', () => {
    const p = out.papers.find((x) => x.title === 'Second Paper Without Venue');
    expect(p?.venue).toBeUndefined();
    expect(p?.abstract).toMatch(/^This abstract comes right after its title/);
    expect(out.issues).toContainEqual({ file: 'broken.txt', line: 16, message: 'no venue line after the title at line 14; loaded without venue' });
  });

  it('joins an abstract split by a blank line and extracts links from both parts', () => {
    const p = out.papers.find((x) => x.title === 'Third Paper With Two Paragraphs');
    expect(p?.venue).toBe('Journal of Paragraphs');
    expect(p?.abstract).toMatch(/^The first paragraph of the abstract\. The second paragraph/);
    expect(p?.links).toEqual([{ kind: 'data', url: 'https://zenodo.org/records/123' }]);
    expect(out.papers.map((x) => x.title)).not.toContain(expect.stringMatching(/^The second paragraph/));
  });

  it('reports the cut-off last paper with its line and loads the rest', () => {
    expect(out.papers.map((p) => p.title)).toEqual(['First Paper About Robust Things', 'Second Paper Without Venue', 'Third Paper With Two Paragraphs']);
    expect(out.issues).toContainEqual({ file: 'broken.txt', line: 28, message: '"Fourth Paper Cut Short" has no venue or abstract (file ends)' });
    expect(out.issues).toHaveLength(2);
  });

  it('strips a closing parenthesis after a URL', () => {
    expect(out.papers[0].links).toEqual([{ kind: 'code', url: 'https://github.com/jdoe/things' }]);
  });

  it('reports a file that is not a profile export', () => {
    const bad = parseProfileText('Plotting\n\nThis second block is far too long to be the name of the profile owner, so it is not an export.\n', 'x.txt');
    expect(bad.papers).toEqual([]);
    expect(bad.issues[0]).toMatchObject({ file: 'x.txt', line: 3 });
  });
});
