import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const PAPERS = join(import.meta.dirname, 'fixtures', 'recommend-papers.jsonl');

function batchFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'paperbot-recommend-')), 'profiles.jsonl');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('paperbot recommend --batch', () => {
  it('writes one {"id","results","took_ms"} line per profile: papers since the date, best first, own papers left out', async () => {
    const file = batchFile([
      '{"_id": "lab-a", "liked": ["r-1"], "since": "2026-01-01"}',
      '{"_id": 7, "liked": ["r-1", "b-1"], "disliked": ["b-2"]}',
    ]);
    const { code, out, err } = await cli('recommend', '--papers', PAPERS, '--batch', file, '--limit', '10', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['id', 'results', 'took_ms']);
      expect(typeof l.took_ms).toBe('number');
    }
    const [a, b] = lines;
    expect(a.id).toBe('lab-a');
    // Dated on or after 2026-01-01 (y-1 has only its year, 2026); r-1 and b-1 (2025) are out; the near-duplicate leads.
    expect(a.results[0]).toBe('r-2');
    expect([...a.results].sort()).toEqual(['b-2', 'p-1', 'r-2', 'r-3', 'y-1']);
    // No since: every paper but the profile's own (liked r-1, b-1; disliked b-2).
    expect(b.id).toBe(7);
    expect([...b.results].sort()).toEqual(['p-1', 'r-2', 'r-3', 'y-1']);
  });

  it('honours --limit', async () => {
    const file = batchFile(['{"_id": "lab-a", "liked": ["r-1"]}']);
    const { out } = await cli('recommend', '--papers', PAPERS, '--batch', file, '--limit', '2');
    const { results } = JSON.parse(out);
    expect(results).toHaveLength(2);
    expect(results[0]).toBe('r-2');
  });

  it('skips bad lines with file:line, answers a cold start with no results, and exits 1', async () => {
    const file = batchFile([
      'not json',
      '{"_id": "no-liked"}',
      '{"_id": "bad-since", "liked": ["r-1"], "since": "last week"}',
      '{"_id": "cold", "liked": ["unknown-paper"]}',
      '{"_id": "ok", "liked": ["p-1"]}',
    ]);
    const { code, out, err } = await cli('recommend', '--papers', PAPERS, '--batch', file);
    expect(code).toBe(1);
    expect(err).toContain('profiles.jsonl:1: not valid JSON; line skipped');
    expect(err).toContain('profiles.jsonl:2: "liked" must be a list of paper ids; line skipped');
    expect(err).toContain('profiles.jsonl:3: "since" must be a date, YYYY-MM-DD; line skipped');
    expect(err).toContain('profiles.jsonl:4: none of the liked papers is in the corpus (cold start)');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['cold', 'ok']);
    expect(lines[0].results).toEqual([]);
    expect(lines[1].results.length).toBeGreaterThan(0);
  });

  it('explains a missing --batch or an unreadable file in one line', async () => {
    const none = await cli('recommend', '--papers', PAPERS);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^paperbot recommend: missing --batch PROFILES.jsonl\n/);
    const missing = await cli('recommend', '--papers', PAPERS, '--batch', join(tmpdir(), 'no-such-profiles.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
    expect(missing.err).toContain('ENOENT');
  });
});
