import { describe, expect, it } from 'vitest';
import { clamp, escapeClamped, escapeMrkdwn, link, markedSnippet, mention, safeUrl, unescapeMrkdwn } from '../../src/blocks/mrkdwn.ts';

describe('escapeMrkdwn', () => {
  it('escapes the three control characters so no mention or link can form', () => {
    expect(escapeMrkdwn('<!channel>')).toBe('&lt;!channel&gt;');
    expect(escapeMrkdwn('<@U123> & <https://evil.example|ok>')).toBe('&lt;@U123&gt; &amp; &lt;https://evil.example|ok&gt;');
    expect(escapeMrkdwn('<script>alert(1)</script>')).not.toMatch(/[<>]/);
  });

  it('escapes an existing entity again so it displays literally', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(unescapeMrkdwn(escapeMrkdwn('a &lt; b <c> & d'))).toBe('a &lt; b <c> & d');
  });
});

describe('clamping', () => {
  it('cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(clamp('abcdef', 4)).toBe('abc…');
    expect(clamp('abc', 4)).toBe('abc');
    const cut = clamp('ab😀cd', 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).toBe('ab…');
  });

  it('never leaves half an entity when cutting escaped text', () => {
    const out = escapeClamped('&&&&&&&&&&', 12);
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out).toBe('&amp;&amp;…');
  });
});

describe('links and mentions', () => {
  it('keeps | and > out of link text and drops non-http URLs', () => {
    expect(link('https://x.org/a', 'a|b>c')).toBe('<https://x.org/a|a\u2223b&gt;c>');
    expect(link('javascript:alert(1)', 'click')).toBe('click');
    expect(link('<!channel>', 'x')).toBe('x');
  });

  it('encodes characters that would end the link early', () => {
    expect(safeUrl('https://x.org/?a=1&b=<2>|3')).toBe('https://x.org/?a=1&amp;b=%3C2%3E%7C3');
    expect(safeUrl('https://x.org/a b')).toBeUndefined();
  });

  it('mentions only real-looking user ids', () => {
    expect(mention('U012ABCDEF')).toBe('<@U012ABCDEF>');
    expect(mention('<!channel>')).toBe('&lt;!channel&gt;');
  });
});

describe('markedSnippet', () => {
  it('bolds the marked words', () => {
    const text = 'robust models resist robust attacks';
    expect(markedSnippet(text, [[0, 6], [21, 27]])).toBe('*robust* models resist *robust* attacks');
  });

  it('widens marks to whole words, merges overlaps and ignores bad marks', () => {
    expect(markedSnippet('robustness matters', [[0, 6]])).toBe('*robustness* matters');
    expect(markedSnippet('a robust model', [[2, 5], [4, 8], [50, 60], [3, 2] as [number, number]])).toBe('a *robust* model');
  });

  it('joins marks with only spaces between into one bold span', () => {
    expect(markedSnippet('adversarially robust models', [[0, 13], [14, 20]])).toBe('*adversarially robust* models');
    expect(markedSnippet('adversarially, robust', [[0, 13], [15, 21]])).toBe('*adversarially*, *robust*');
  });

  it('cuts to max output characters, never inside an entity, and keeps bold closed', () => {
    for (let max = 5; max < 60; max++) {
      const out = markedSnippet('a & b <c> robust & more robust text &&&&', [[10, 16], [24, 30]], max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect((out.match(/\*/g) ?? []).length % 2).toBe(0);
    }
    expect(markedSnippet('x'.repeat(50), [], 10)).toBe('xxxxxxxxx…');
  });

  it('escapes marked and unmarked text and neutralises asterisks', () => {
    const text = 'A* search <!here> beats <@U1>';
    const out = markedSnippet(text, [[0, 2]]);
    expect(out).not.toMatch(/<|>/);
    expect(out.startsWith('*A\u2217*')).toBe(true);
    // Only our own two markers remain as real asterisks.
    expect(out.match(/\*/g)).toHaveLength(2);
  });
});
