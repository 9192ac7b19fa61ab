// Progress of a corpus build: the reporter's bar and log lines, and the counts loading and indexing report.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bar, progressReporter, type CorpusProgress } from '../src/progress.ts';
import { createLog } from '../src/log.ts';
import { loadCorpus } from '../src/papers/corpus.ts';
import { SearchIndex } from '../src/search/search-index.ts';
import { openIndex } from '../src/search/snapshot.ts';
import type { Paper } from '../src/papers/paper.ts';

/** A stream that keeps what was written; `tty` makes it look like a terminal 60 columns wide. */
function sink(tty: boolean) {
  let text = '';
  const stream = Object.assign(new Writable({ write: (chunk, _e, cb) => ((text += String(chunk)), cb()) }), tty ? { isTTY: true, columns: 60 } : {});
  return { stream, text: () => text };
}

/** A clock the test moves by hand. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const indexing = (done: number, total = 1000): CorpusProgress => ({ stage: 'indexing', done, total });

describe('progressReporter', () => {
  it('writes a JSON line with the counts at each tenth, not at every report, when not a terminal', () => {
    const out = sink(false);
    const c = clock();
    const report = progressReporter({ stream: out.stream, now: c.now, quietMs: 0 });
    for (let done = 0; done <= 1000; done += 25) {
      report(indexing(done));
      c.advance(10);
    }
    // The total reported again (a file's last chunks) ends the stage only once.
    report(indexing(1000));
    c.advance(10_000);
    report(indexing(1000));
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.done)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(lines[3]).toEqual({ event: 'corpus_progress', stage: 'indexing', done: 300, total: 1000 });
  });

  it('also writes a line every few seconds when a tenth takes long', () => {
    const out = sink(false);
    const c = clock();
    const report = progressReporter({ stream: out.stream, now: c.now, quietMs: 0, everyMs: 5000 });
    report(indexing(0));
    report(indexing(10));
    c.advance(6000);
    report(indexing(20));
    report(indexing(30));
    expect(out.text().trim().split('\n').map((l) => JSON.parse(l).done)).toEqual([0, 20]);
  });

  it('logs corpus_progress events through the log when given one', () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = createLog('info', new Writable({ write: (chunk, _e, cb) => (lines.push(JSON.parse(String(chunk))), cb()) }));
    const out = sink(false);
    const report = progressReporter({ stream: out.stream, log, quietMs: 0 });
    report({ stage: 'loading', done: 0, total: 2e6 });
    report({ stage: 'loading', done: 2e6, total: 2e6 });
    expect(out.text()).toBe('');
    expect(lines.map((l) => [l.event, l.stage, l.done, l.total])).toEqual([
      ['corpus_progress', 'loading', 0, 2e6],
      ['corpus_progress', 'loading', 2e6, 2e6],
    ]);
    expect(lines[1].msg).toContain('2.0 of 2.0 MB');
  });

  it('stays silent for a stage that ends before quietMs', () => {
    const out = sink(false);
    const c = clock();
    const report = progressReporter({ stream: out.stream, now: c.now, quietMs: 1000 });
    report(indexing(0));
    c.advance(300);
    report(indexing(500));
    c.advance(300);
    report(indexing(1000));
    expect(out.text()).toBe('');
    // A slow stage starts showing once quietMs has passed, and ends with its total.
    report({ stage: 'loading', done: 0, total: 100 });
    c.advance(1500);
    report({ stage: 'loading', done: 40, total: 100 });
    report({ stage: 'loading', done: 100, total: 100 });
    expect(out.text().trim().split('\n').map((l) => JSON.parse(l).done)).toEqual([40, 100]);
  });

  it('redraws one bar on a terminal and ends it with a newline', () => {
    const out = sink(true);
    const c = clock();
    const report = progressReporter({ stream: out.stream, now: c.now, quietMs: 0 });
    for (let done = 0; done <= 74_728; done += 1000) {
      report(indexing(done, 74_728));
      c.advance(150);
    }
    report(indexing(74_728, 74_728));
    const text = out.text();
    expect(text.startsWith('\r')).toBe(true);
    expect(text.split('\n')).toHaveLength(2); // one finished line, nothing after it
    const draws = text.split('\r').filter(Boolean);
    expect(draws.length).toBeGreaterThan(10);
    expect(draws.at(-1)).toBe(`${bar(indexing(74_728, 74_728), 60)}\x1b[K\n`);
    expect(draws.at(-1)).toContain('100%  74,728 of 74,728 papers');
    expect(draws[1]).toMatch(/^Indexing papers \[#?\.+\]\s+1%  1,000 of 74,728 papers/);
    for (const d of draws) expect(d.replace('\x1b[K', '').trimEnd().length).toBeLessThanOrEqual(60);
  });

  it('draws the fill in proportion', () => {
    const drawn = bar({ stage: 'loading', done: 11e6, total: 44e6 }, 80);
    const [, filled, empty] = /^Loading papers  \[(#*)(\.*)\]  25%  11\.0 of 44\.0 MB$/.exec(drawn) ?? [];
    expect(filled.length + empty.length).toBeGreaterThanOrEqual(20);
    expect(Math.abs(filled.length / (filled.length + empty.length) - 0.25)).toBeLessThan(0.03);
    expect(drawn.length).toBeLessThanOrEqual(80);
  });
});

describe('onProgress while building', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperbot-progress-'));
    mkdirSync(join(dir, 'papers'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const records = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ id: `p${from + i}`, title: `Paper ${from + i} on robustness`, abstract: 'x'.repeat(200) + ` word${i}` })).join('\n') + '\n';

  /** Checks a stage's reports: from 0, never falling, ending at the total. */
  function expectRising(reports: CorpusProgress[], stage: CorpusProgress['stage'], total: number) {
    const mine = reports.filter((r) => r.stage === stage);
    expect(mine[0]).toEqual({ stage, done: 0, total });
    expect(mine.at(-1)).toEqual({ stage, done: total, total });
    for (let i = 1; i < mine.length; i++) expect(mine[i].done).toBeGreaterThanOrEqual(mine[i - 1].done);
    for (const r of mine) expect(r.total).toBe(total);
    return mine;
  }

  it('loading reports bytes read of the files on disk, gzip counted compressed, across files', async () => {
    // Over 1 MiB per file, so each file is read in several chunks.
    const plain = records(6000);
    const gz = gzipSync(records(6000, 6000));
    writeFileSync(join(dir, 'papers', 'a.jsonl'), plain);
    writeFileSync(join(dir, 'papers', 'b.jsonl.gz'), gz);
    const reports: CorpusProgress[] = [];
    const corpus = await loadCorpus([join(dir, 'papers')], { onProgress: (p) => reports.push(p) });
    expect(corpus.papers).toHaveLength(12_000);
    const total = Buffer.byteLength(plain) + gz.length;
    const loading = expectRising(reports, 'loading', total);
    // Counts in between, not only the two ends: the first file alone is read in several chunks.
    expect(loading.filter((r) => r.done > 0 && r.done < Buffer.byteLength(plain)).length).toBeGreaterThan(0);
  });

  it('indexing reports papers every thousand, up to the total', () => {
    const papers: Paper[] = Array.from({ length: 2500 }, (_, i) => ({ id: `p${i}`, title: `Paper ${i}`, authors: [], abstract: 'robustness', links: [], source: { file: 'x' } }));
    const calls: Array<[number, number]> = [];
    const index = new SearchIndex();
    index.add(papers, (done, total) => calls.push([done, total]));
    expect(calls).toEqual([
      [0, 2500],
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
    expect(index.size).toBe(2500);
  });

  it('openIndex reports loading then indexing when it builds, and opening (percent) when it reads a snapshot', async () => {
    writeFileSync(join(dir, 'papers', 'a.jsonl'), records(1500));
    const reports: CorpusProgress[] = [];
    const cacheDir = join(dir, 'cache');
    const built = await openIndex({ paths: [join(dir, 'papers')], cacheDir, onProgress: (p) => reports.push(p) });
    expect(built.source).toBe('built');
    const stages = reports.map((r) => r.stage);
    expect(stages.indexOf('indexing')).toBe(stages.lastIndexOf('loading') + 1);
    expectRising(reports, 'indexing', 1500);
    reports.length = 0;
    expect((await openIndex({ paths: [join(dir, 'papers')], cacheDir, onProgress: (p) => reports.push(p) })).source).toBe('snapshot');
    expect(new Set(reports.map((r) => r.stage))).toEqual(new Set(['opening']));
    expect(reports.at(-1)).toEqual({ stage: 'opening', done: 100, total: 100 });
  });
});
