// Hand-made papers and hits for the Block Kit tests (no corpus or index needed).
import type { Paper } from '../../src/papers/paper.ts';
import type { Hit, SearchResults } from '../../src/search/results.ts';

export function paper(over: Partial<Paper> = {}): Paper {
  return {
    id: 'madry2018towards',
    title: 'Towards Deep Learning Models Resistant to Adversarial Attacks',
    authors: ['Aleksander Madry', 'Aleksandar Makelov', 'Ludwig Schmidt', 'Dimitris Tsipras', 'Adrian Vladu'],
    abstract: 'Recent work has demonstrated that deep neural networks are vulnerable to adversarial examples.',
    venue: 'ICLR',
    year: 2018,
    url: 'https://openreview.net/forum?id=rJzIBfZAb',
    links: [
      { kind: 'code', url: 'https://github.com/MadryLab/mnist_challenge' },
      { kind: 'data', url: 'https://zenodo.org/record/1' },
    ],
    source: { file: 'fixture.jsonl', line: 1 },
    ...over,
  };
}

/** A hit whose snippet marks `word` wherever it occurs. */
export function hit(p: Paper = paper(), snippet = 'deep neural networks are vulnerable to adversarial examples', word = 'adversarial'): Hit {
  const marks: Array<[number, number]> = [];
  for (let i = snippet.indexOf(word); i >= 0; i = snippet.indexOf(word, i + 1)) marks.push([i, i + word.length]);
  return { paper: p, score: 1, matches: { [word]: ['title', 'abstract'] }, snippet: { text: snippet, marks } };
}

/** `n` distinct hits p0…p(n-1). */
export function hits(n: number, over: (i: number) => Partial<Paper> = () => ({})): Hit[] {
  return Array.from({ length: n }, (_, i) => hit(paper({ id: `p${i}`, title: `Paper number ${i}`, ...over(i) })));
}

export function results(over: Partial<SearchResults> = {}): SearchResults {
  const h = over.hits ?? hits(3);
  return { query: 'adversarial', total: h.length, offset: 0, hits: h, suggestions: [], ...over };
}
