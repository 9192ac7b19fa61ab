import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('logs a path it cannot watch and a failed re-read, without throwing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperbot-watch-'));
    const { log, lines } = memoryLog();
    watcher = new CorpusWatcher({ paths: [join(dir, 'missing')], load: () => Promise.reject(new Error('disk on fire')), onPapers: () => {}, log });
    watcher.start();
    await watcher.reload();
    expect(lines().map((l) => l.msg)).toEqual(expect.arrayContaining(['cannot watch corpus path; changes there need a restart', 'corpus re-read failed; keeping the papers already loaded']));
  });
});
