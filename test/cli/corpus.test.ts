// `paperbot corpus check`: per-file counts, duplicates, bad records with their place, exit codes, --json.
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/corpus.ts';
import { main } from '../../src/cli/main.ts';

// Relative to the repository root (vitest's working directory), as a user would type them.
const fixture = (name: string) => `test/papers/fixtures/${name}`;

function capture() {
  let out = '';
  let err = '';
  const sink = (write: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        write(String(chunk));
        done();
      },
    });
  return { io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) }, out: () => out, err: () => err };
}

describe('corpus check', () => {
  it('exits 0 on the clean seed and prints its per-file counts', async () => {
    const c = capture();
    expect(await run(['check', 'data/papers'], c.io)).toBe(0);
    // The seed may carry a curated metadata file merged by title; the profile export alone gives the 10 papers.
    expect(c.out()).toMatch(/^\d+ files?, 10 papers( \(\d+ records, \d+ duplicates? merged\))?, 0 issues\n/);
    expect(c.out()).toMatch(/data\/papers\/madry-profile\.txt\s+profile\s+10 records\n/);
  });

  it('exits 1 and lists every bad record with its file and line or record', async () => {
    const c = capture();
    expect(await run(['check', fixture('records.jsonl'), fixture('records.json'), 'no/such/file'], c.io)).toBe(1);
    const out = c.out();
    expect(out).toMatch(/^2 files, 7 papers, 6 issues\n/);
    expect(out).toMatch(/records\.jsonl\s+jsonl\s+4 records, 3 issues\n/);
    expect(out).toContain(`  ${fixture('records.jsonl')}:3: invalid JSON`);
    expect(out).toContain(`  ${fixture('records.jsonl')}:6: missing title\n`);
    expect(out).toContain(`  ${fixture('records.json')} record 3: not a JSON object\n`);
    expect(out).toContain('  no/such/file: no such file or folder\n');
  });

  it('says which copy was merged into which paper, and why', async () => {
    const c = capture();
    await run(['check', fixture('dups'), fixture('tree')], c.io);
    const first = fixture('dups/a-first.jsonl');
    expect(c.out()).toContain(
      `  ${fixture('dups/b-second.json')} record 0 is a copy of "BREEDS: Benchmarks for Subpopulation Shift" (same arXiv id 2006.14651), merged into the first one at ${first}:1\n`,
    );
    expect(c.out()).toContain(`  ${fixture('dups/b-second.json')} record 1 is a copy of "Deep Nets and DOIs" (same DOI 10.1000/dup.7), merged into the first one at ${first}:2\n`);
    expect(c.out()).toContain(`  ${fixture('dups/b-second.json')} record 2 is a copy of "Möbius Title Match" (same title), merged into the first one at ${first}:3\n`);
    expect(c.out()).toContain(`  ${fixture('dups/c-third.bib')}:1 is a copy of "BREEDS: Benchmarks for Subpopulation Shift" (same arXiv id 2006.14651)`);
    expect(c.out()).not.toMatch(/merged into "/);
    expect(c.out()).toContain(`skipped (1):\n  ${fixture('tree/notes.md')}: unknown file type ".md"\n`);
  });

  it('counts records per file and says how many were merged, so rows and the total agree', async () => {
    const c = capture();
    await run(['check', fixture('dups'), fixture('tree')], c.io);
    // 4 + 5 + 1 + 4 records read; 4 of them were copies, so 10 papers.
    expect(c.out()).toMatch(/^7 files, 10 papers \(14 records, 4 duplicates merged\), 1 issue\n/);
    expect(c.out()).toMatch(/dups\/a-first\.jsonl\s+jsonl\s+4 records\n/);
    expect(c.out()).toMatch(/dups\/b-second\.json\s+json\s+5 records, 3 merged as duplicates, 1 issue\n/);
    expect(c.out()).toMatch(/dups\/c-third\.bib\s+bibtex\s+1 record, 1 merged as duplicate\n/);
  });

  it('prints machine-readable JSON with --json', async () => {
    const c = capture();
    expect(await run(['check', '--json', fixture('dups')], c.io)).toBe(1);
    const report = JSON.parse(c.out());
    expect(report).toMatchObject({ ok: false, papers: 6, records: 10 });
    expect(Object.keys(report)).toEqual(['ok', 'papers', 'records', 'issues', 'files', 'duplicates', 'skipped']);
    expect(report.files.map((f: { papers: number; merged: number }) => [f.papers, f.merged])).toEqual([
      [4, 0],
      [5, 3],
      [1, 1],
    ]);
    expect(report.duplicates.map((d: { reason: string }) => d.reason)).toEqual(['arxiv', 'doi', 'title', 'arxiv']);
    expect(report.issues).toHaveLength(1);
  });

  it('treats a wrong subcommand or option as a usage mistake (exit 2)', async () => {
    const c = capture();
    expect(await main(['corpus', 'list'], c.io)).toBe(2);
    expect(c.err()).toMatch(/unknown subcommand "list"/);
    expect(await main(['corpus', 'check', '--fast'], c.io)).toBe(2);
    expect(c.err()).toContain('paperbot corpus: unknown option --fast (see paperbot help)\n');
  });

  it('runs from the command line with the right exit code', () => {
    const out = execFileSync('node', ['bin/paperbot.js', 'corpus', 'check'], { encoding: 'utf8', env: { ...process.env, PAPERS_PATH: '' } });
    expect(out).toMatch(/^\d+ files?, 10 papers/);
    let code = 0;
    try {
      execFileSync('node', ['bin/paperbot.js', 'corpus', 'check', 'no/such/file'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      code = (err as { status: number }).status;
    }
    expect(code).toBe(1);
  });
});
