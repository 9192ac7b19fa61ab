// Opening a large corpus leaves the event loop free: indexing runs in a worker, a snapshot is decoded in slices.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusProgress } from '../../src/progress.ts';
import { buildInWorker } from '../../src/search/index-build.ts';
import { openIndex } from '../../src/search/snapshot.ts';
import { writeSyntheticCorpus } from './synthetic-corpus.ts';

let dir: string;
let papers: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-loop-'));
  papers = writeSyntheticCorpus(dir, 3000);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Counts turns of the event loop (a setImmediate chain) and, at each progress report, notes how many had passed:
 * a stage done in one synchronous stretch sees no turn between its first and its last report.
 */
function watchTurns() {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const reports: Array<CorpusProgress & { turns: number }> = [];
  return {
    onProgress: (p: CorpusProgress) => reports.push({ ...p, turns }),
    /** Turns of the loop between a stage's first and last report. */
    turnsDuring(stage: CorpusProgress['stage']) {
      const mine = reports.filter((r) => r.stage === stage);
      expect(mine.length).toBeGreaterThan(1);
      return mine.at(-1)!.turns - mine[0].turns;
    },
    stop: () => (running = false),
  };
}

describe('opening a large corpus keeps the event loop turning', () => {
  it('indexes in a worker thread: the loop turns between the first and the last indexing report', async () => {
    const watch = watchTurns();
    const built = await openIndex({ paths: [papers], cacheDir: join(dir, 'cache'), onProgress: watch.onProgress, sliceMs: 0 });
    watch.stop();
    expect(built.source).toBe('built');
    expect(built.index.size).toBe(3000);
    expect(watch.turnsDuring('indexing')).toBeGreaterThan(0);
    // The worker's snapshot bytes are decoded in slices too.
    expect(watch.turnsDuring('opening')).toBeGreaterThan(0);
    expect(built.index.search('token1234').hits[0]?.paper.id).toBe('2501.01234');
  });

  it('decodes a snapshot in slices: the loop turns between the first and the last opening report', async () => {
    const cacheDir = join(dir, 'cache');
    const built = await openIndex({ paths: [papers], cacheDir });
    const watch = watchTurns();
    const opened = await openIndex({ paths: [papers], cacheDir, onProgress: watch.onProgress, sliceMs: 0 });
    watch.stop();
    expect(opened.source).toBe('snapshot');
    expect(watch.turnsDuring('opening')).toBeGreaterThan(0);
    const view = (r: ReturnType<typeof opened.index.search>) => r.hits.map((h) => [h.paper.id, h.score]);
    for (const q of ['robust adversarial training', 'token42', 'robsut', 'author:"author 5"']) expect(view(opened.index.search(q))).toEqual(view(built.index.search(q)));
  });

  it('a small library is indexed in place (a worker costs more than it saves), with the same answers', async () => {
    const small = mkdtempSync(join(tmpdir(), 'paperbot-loop-small-'));
    try {
      const file = writeSyntheticCorpus(small, 50);
      const inPlace = await openIndex({ paths: [file] });
      const inWorker = await openIndex({ paths: [file], workerAboveBytes: 0 });
      const view = (r: ReturnType<typeof inPlace.index.search>) => r.hits.map((h) => [h.paper.id, h.score]);
      expect(inWorker.timings.decodeMs).toBeDefined();
      expect(inPlace.timings.decodeMs).toBeUndefined();
      for (const q of ['robust training', 'token7', 'privacy -fairness']) expect(view(inWorker.index.search(q))).toEqual(view(inPlace.index.search(q)));
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  });

  it('a worker that saved its snapshot hands back no bytes: the index reads the saved file, its papers left there', async () => {
    const small = mkdtempSync(join(tmpdir(), 'paperbot-loop-saved-'));
    try {
      const file = writeSyntheticCorpus(small, 50);
      const cacheDir = join(small, 'cache');
      const built = await openIndex({ paths: [file], cacheDir, workerAboveBytes: 0 });
      expect(built.source).toBe('built');
      expect(built.index.papersInMemory).toBe(false);
      const again = await openIndex({ paths: [file], cacheDir });
      const view = (r: ReturnType<typeof built.index.search>) => r.hits.map((h) => [h.paper, h.score]);
      for (const q of ['robust training', 'token7']) expect(view(built.index.search(q))).toEqual(view(again.index.search(q)));
      // The worker itself: no bytes once saved when asked so; bytes when asked for, or when there is no file to read.
      const target = join(small, 'direct.pbix');
      expect((await buildInWorker({ paths: [file], key: 'k', file: target, bytesOnlyIfUnsaved: true })).bytes).toBeUndefined();
      expect(statSync(target).size).toBeGreaterThan(0);
      expect((await buildInWorker({ paths: [file], key: 'k', file: target })).bytes?.length).toBe(statSync(target).size);
      expect((await buildInWorker({ paths: [file], key: 'k', bytesOnlyIfUnsaved: true })).bytes?.length).toBeGreaterThan(0);
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  });
});
