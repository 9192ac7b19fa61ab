import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../src/search/snippet.ts';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i}`).join(' ');

describe('makeSnippet', () => {
  it('returns short text whole, marking matched words by stem', () => {
    const s = makeSnippet('Robustness matters. We train robust models.', new Set(['robust']));
    expect(s.text).toBe('Robustness matters. We train robust models.');
    expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['Robustness', 'robust']);
  });

  it('picks the passage with the most matched terms and cuts at word boundaries with ellipses', () => {
    const text = `${filler(60)}. Backdoor attacks plant a trigger; spectral signatures reveal the backdoor. ${filler(60)}`;
    const s = makeSnippet(text, new Set(['backdoor', 'spectral', 'signatur']));
    expect(s.text.startsWith('… ')).toBe(true);
    expect(s.text.endsWith(' …')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(300 + 4);
    expect(s.text).toContain('Backdoor attacks plant a trigger; spectral signatures reveal the backdoor.');
    expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['Backdoor', 'spectral', 'signatures', 'backdoor']);
    // Whole words only: the cut never splits a filler word.
    const inner = s.text.slice(2, -2);
    for (const word of inner.split(/[\s.;]+/).filter(Boolean)) expect(text).toMatch(new RegExp(`\\b${word}\\b`));
  });

  it('prefers more distinct terms over repeats of one', () => {
    const text = `${'cat '.repeat(40)}${filler(40)} cat dog bird ${filler(40)}`;
    const s = makeSnippet(text, new Set(['cat', 'dog', 'bird']));
    expect(s.text).toContain('cat dog bird');
  });

  it('collapses whitespace, and starts at the beginning without matches', () => {
    const s = makeSnippet(`First  line\n\nsecond line ${filler(80)}`, new Set(['nothing']));
    expect(s.text.startsWith('First line second line')).toBe(true);
    expect(s.marks).toEqual([]);
    expect(makeSnippet('', new Set(['x']))).toEqual({ text: '', marks: [] });
  });

  it('marks a hyphenated word whole when its joined form matched', () => {
    const s = makeSnippet('We use crowd-sourced labels.', new Set(['crowdsourc']));
    expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['crowd-sourced']);
  });
});
