import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { PaperVectors } from '../../src/recommend/paper-vectors.ts';
import { sharedTerms } from '../../src/recommend/why.ts';

function paper(id: string, title: string, abstract: string): Paper {
  return { id, title, abstract, authors: [], links: [], source: { file: 'why.test.ts' } };
}

describe('sharedTerms', () => {
  // Filler papers give the corpus an idf: words in all of them ("models") say nothing.
  const filler = ['Speech models', 'Graph models', 'Table models', 'Music models', 'Weather models'].map((t, i) => paper(`f${i}`, t, `${t} for a task.`));

  it('shows the shortest spelling of a shared stem, and skips words in every paper', () => {
    const v = new PaperVectors();
    const a = v.add(paper('a', 'Robustness of models to distribution shift', 'Distributionally robust models.'));
    const b = v.add(paper('b', 'Robust models under shift', 'Shift and robustness.'));
    for (const p of filler) v.add(p);
    const shared = sharedTerms(v, a, b, 3);
    expect(shared).toContain('robust'); // "Robustness" was seen first, "robust" is shorter
    expect(shared).toContain('shift');
    expect(shared).not.toContain('models');
    expect(shared).not.toContain('robustness');
  });

  it('keeps at most `max` words, and never a word twice in two spellings', () => {
    const v = new PaperVectors();
    const a = v.add(paper('a', 'Crowd-sourced labels for protein folding benchmarks', 'Crowdsourced protein labels.'));
    const b = v.add(paper('b', 'Crowdsourcing protein folding labels', 'Benchmarks of crowd-sourced labels.'));
    for (const p of filler) v.add(p);
    const shared = sharedTerms(v, a, b, 2);
    expect(shared).toHaveLength(2);
    expect(shared.filter((w) => w.startsWith('crowd')).length).toBeLessThanOrEqual(1);
  });
});
