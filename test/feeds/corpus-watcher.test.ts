import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusWatcher } from '../../src/feeds/corpus-watcher.ts';
import { loadCorpus } from '../../src/papers/corpus.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { memoryLog } from '../digests/harness.ts';

const line = (id: string, title: string) => JSON.stringify({ id, title, authors: ['Ada Lovelace'], abstract: `${title}: an abstract long enough to be a paper.` }) + '\n';

let dir = '';
let watcher: CorpusWatcher | undefined;
afterEach(async () => {
  await watcher?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('CorpusWatcher', () => {
  it('re-reads the folder after a change (debounced) and hands on the papers', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperbot-watch-'));
    writeFileSync(join(dir, 'lab.jsonl'), line('p1', 'First paper'));
    const seen: string[][] = [];
    let loads = 0;
    watcher = new CorpusWatcher({
      paths: [dir],
      load: (paths) => (loads++, loadCorpus(paths)),
      onPapers: (papers: Paper[]) => seen.push(papers.map((p) => p.id)),
      log: memoryLog().log,
      debounceMs: 100,
    });
    watcher.start();
    appendFileSync(join(dir, 'lab.jsonl'), line('p2', 'Second paper'));
    appendFileSync(join(dir, 'lab.jsonl'), line('p3', 'Third paper'));
    await until(() => seen.some((ids) => ids.includes('p3')));
    expect(seen.at(-1)).toEqual(['p1', 'p2', 'p3']);
    expect(loads).toBeGreaterThan(0);
  });

  it('sees a change in a nested folder (the loaders read subfolders)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperbot-watch-'));
    mkdirSync(join(dir, 'group', 'ada'), { recursive: true });
    writeFileSync(join(dir, 'group', 'ada', 'lab.jsonl'), line('p1', 'First paper'));
    const seen: string[][] = [];
    watcher = new CorpusWatcher({ paths: [dir], load: (paths) => loadCorpus(paths), onPapers: (papers: Paper[]) => seen.push(papers.map((p) => p.id)), log: memoryLog().log, debounceMs: 50 });
    watcher.start();
    appendFileSync(join(dir, 'group', 'ada', 'lab.jsonl'), line('p2', 'Second paper'));
    await until(() => seen.some((ids) => ids.includes('p2')));
    expect(seen.at(-1)).toEqual(['p1', 'p2']);
  });

  it('keeps seeing a watched file after it is replaced by rename (editors, mv): a later append and a re-create', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperbot-watch-'));
    const file = join(dir, 'lab.jsonl');
    writeFileSync(file, line('p1', 'First paper'));
    const seen: string[][] = [];
    watcher = new CorpusWatcher({ paths: [file], load: (paths) => loadCorpus(paths), onPapers: (papers: Paper[]) => seen.push(papers.map((p) => p.id)), log: memoryLog().log, debounceMs: 50 });
    watcher.start();
    // Saved the way editors save: a new file renamed over the old one.
    writeFileSync(join(dir, '.lab.jsonl.tmp'), line('p1', 'First paper') + line('p2', 'Second paper'));
    renameSync(join(dir, '.lab.jsonl.tmp'), file);
    await until(() => seen.some((ids) => ids.includes('p2')));
    appendFileSync(file, line('p3', 'Third paper'));
    await until(() => seen.some((ids) => ids.includes('p3')));
    expect(seen.at(-1)).toEqual(['p1', 'p2', 'p3']);
    unlinkSync(file);
    writeFileSync(file, line('p4', 'Fourth paper'));
    await until(() => seen.some((ids) => ids.includes('p4')));
    // Another file in the same folder is not part of the corpus: no re-read for it.
    const reads = seen.length;
    writeFileSync(join(dir, 'notes.txt'), 'not a corpus file');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.length).toBe(reads);
  });

  it('logs a path it cannot watch and a failed re-read, without throwing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperbot-watch-'));
    const { log, lines } = memoryLog();
    watcher = new CorpusWatcher({ paths: [join(dir, 'missing')], load: () => Promise.reject(new Error('disk on fire')), onPapers: () => {}, log });
    watcher.start();
    await watcher.reload();
    expect(lines().map((l) => l.msg)).toEqual(expect.arrayContaining(['cannot watch corpus path; changes there need a restart', 'corpus re-read failed; keeping the papers already loaded']));
  });
});
