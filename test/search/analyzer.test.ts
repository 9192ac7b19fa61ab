import { describe, expect, it } from 'vitest';
import { containsPhrase, fold, phraseSequence, stem, terms, tokens } from '../../src/search/analyzer.ts';

describe('analyzer', () => {
  it('folds accents and case', () => {
    expect(fold('Díaz')).toBe('diaz');
    expect(fold('Mądry')).toBe('madry');
    expect(fold('Straße')).toBe('strasse');
    expect(terms('Díaz')).toEqual(terms('diaz'));
  });

  it('stems English words with Porter', () => {
    expect(stem('robustness')).toBe(stem('robust'));
    expect(stem('backdoors')).toBe('backdoor');
    expect(terms('Robustness of Backdoors')).toEqual(['robust', 'backdoor']);
  });

  it('drops stopwords and lone letters but keeps numbers', () => {
    expect(terms('the robustness of a model x in 2020')).toEqual(['robust', 'model', '2020']);
  });

  it('indexes a hyphenated word as its parts and its joined form', () => {
    const crowd = terms('crowd-sourced');
    expect(crowd).toEqual(expect.arrayContaining(['crowd', stem('sourced'), stem('crowdsourced')]));
    expect(crowd).toContain(terms('crowdsourcing')[0]);
    const joined = tokens('a crowd-sourced set').find((t) => t.joined)!;
    expect('a crowd-sourced set'.slice(joined.start, joined.end)).toBe('crowd-sourced');
  });

  it('gives offsets that point at the words', () => {
    const text = 'Adversarial robustness, revisited.';
    expect(tokens(text).map((t) => text.slice(t.start, t.end))).toEqual(['Adversarial', 'robustness', 'revisited']);
  });

  it('treats possessives and apostrophes sensibly', () => {
    expect(terms("model's")).toEqual(['model']);
    expect(terms("O'Neill")).toEqual(['oneil']);
  });

  it('checks phrases on consecutive words, stopwords included', () => {
    const seq = phraseSequence('We study the robustness of image models.');
    expect(containsPhrase(seq, phraseSequence('robustness of image'))).toBe(true);
    expect(containsPhrase(seq, phraseSequence('robust image'))).toBe(false);
    expect(containsPhrase(seq, phraseSequence('image models'))).toBe(true);
  });

  it('survives hostile text', () => {
    expect(() => terms('(((*+?[ \u0000 🤖 \u202e '.repeat(1000))).not.toThrow();
    expect(terms('🤖🤖')).toEqual([]);
  });
});
