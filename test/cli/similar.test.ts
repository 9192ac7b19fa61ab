// `paperbot similar <title>`: the same title lookup as `/paper like`, and a clear line when no title matches.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const PAPERS = join(import.meta.dirname, 'fixtures', 'search-papers.jsonl');

describe('paperbot similar <title>', () => {
  it('finds the paper by its title, typed exactly or nearly', async () => {
    for (const typed of [['BREEDS: Benchmarks for Subpopulation Shift'], ['breeds', 'benchmarks', 'for', 'subpopulation', 'shift'], ['Benchmarks for Subpopulation Shift']]) {
      const res = await cli('similar', ...typed, '--papers', PAPERS);
      expect(res.code, typed.join(' ')).toBe(0);
      expect(res.out).toMatch(/^Papers like "BREEDS: Benchmarks for Subpopulation Shift":\n/);
    }
  });

  it('says when no title matches, and how to search the words instead', async () => {
    const res = await cli('similar', 'robust', 'subpopulation', 'breeds', '--papers', PAPERS);
    expect(res.code).toBe(1);
    expect(res.err).toBe('paperbot similar: no paper titled "robust subpopulation breeds" (to search its words: paperbot search robust subpopulation breeds)\n');
  });
});
