import { describe, expect, it } from 'vitest';
import { cutText } from '../../src/papers/cut.ts';

describe('cutText', () => {
  it('never splits a surrogate pair, and leaves short text alone', () => {
    expect(cutText('ab😀cd', 3)).toBe('ab'); // 😀 is two UTF-16 units: cutting after its first half would break it
    expect(cutText('ab😀cd', 4)).toBe('ab😀');
    expect(cutText('abc', 10)).toBe('abc');
    expect(cutText('abc', 0)).toBe('');
    for (let n = 0; n < 8; n++) expect(() => encodeURIComponent(cutText('a😀b😀c', n))).not.toThrow();
  });
});
