// The index worker: loads and indexes a corpus in its own thread, saves the snapshot, and hands its bytes back.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus } from '../papers/corpus.ts';
import type { CorpusIssue } from '../papers/paper.ts';
import type { CorpusProgress } from '../progress.ts';
import { SearchIndex } from './search-index.ts';
import { encodeSnapshot, writeSnapshot } from './snapshot-file.ts';

/** What the main thread asks for (index-build.ts). */
export interface IndexJob {
  paths: string[];
  key: string;
  /** Where to save the snapshot; none: only hand the bytes back. */
  file?: string;
  /**
   * Once the snapshot is saved, hand back no bytes: the main thread reads the file (its papers stay there), and
   * copying a 1M-paper snapshot (2.4 GB) into one buffer to transfer it would double the build's peak memory.
   */
  bytesOnlyIfUnsaved?: boolean;
}

/** What the worker says: progress as it goes, then the snapshot bytes (transferred, not copied) or why it failed. */
export type IndexWorkerMessage =
  | { type: 'progress'; progress: CorpusProgress }
  | { type: 'done'; bytes?: ArrayBuffer; issues: CorpusIssue[]; loadMs: number; buildMs: number; saveMs?: number; saveError?: string }
  | { type: 'failed'; error: string };

const port = parentPort!;
const post = (message: IndexWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

try {
  const job = workerData as IndexJob;
  let t = performance.now();
  const corpus = await loadCorpus(job.paths, { onProgress: (progress) => post({ type: 'progress', progress }) });
  const loadMs = performance.now() - t;
  t = performance.now();
  const index = new SearchIndex([]);
  index.add(corpus.papers, (done, total) => post({ type: 'progress', progress: { stage: 'indexing', done, total } }));
  const buildMs = performance.now() - t;
  let bytes: Buffer | undefined;
  let saveMs: number | undefined;
  let saveError: string | undefined;
  if (job.file) {
    t = performance.now();
    const kept: Buffer[] | undefined = job.bytesOnlyIfUnsaved ? undefined : [];
    try {
      await writeSnapshot(job.file, job.key, index, corpus.issues, kept);
      saveMs = performance.now() - t;
      if (kept) bytes = Buffer.concat(kept);
    } catch (err) {
      saveError = (err as Error).message;
    }
  }
  if (job.file && job.bytesOnlyIfUnsaved && saveError === undefined) post({ type: 'done', issues: corpus.issues, loadMs, buildMs, saveMs });
  else {
    bytes ??= encodeSnapshot(job.key, index, corpus.issues);
    // Only a buffer that owns its whole ArrayBuffer can be transferred (small ones share Node's pool).
    const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer;
    post({ type: 'done', bytes: owned, issues: corpus.issues, loadMs, buildMs, saveMs, saveError }, [owned]);
  }
} catch (err) {
  post({ type: 'failed', error: (err as Error)?.message ?? String(err) });
}
