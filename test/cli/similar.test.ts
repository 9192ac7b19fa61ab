// `paperbot similar <title>`: the same title lookup as `/paper like`, and a clear line when no title matches.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const PAPERS = join(import.meta.dirname, 'fixtures', 'search-papers.jsonl');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}

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
