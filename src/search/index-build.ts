// Builds a corpus's index in a worker thread, so the event loop keeps answering while 75k papers are indexed.
import { Worker } from 'node:worker_threads';
import type { CorpusIssue } from '../papers/paper.ts';
import type { OnCorpusProgress } from '../progress.ts';
import type { IndexJob, IndexWorkerMessage } from './index-worker.ts';

export interface WorkerBuild {
  /** The snapshot's bytes, checksum included (already checked: the worker wrote them); none when it saved them and `bytesOnlyIfUnsaved` was asked. */
  bytes?: Buffer;
  issues: CorpusIssue[];
  loadMs: number;
  buildMs: number;
  saveMs?: number;
  /** Why the snapshot could not be saved (the bytes are still good). */
  saveError?: string;
}

/**
 * Loads and indexes in a worker (index-worker.ts) and resolves with the snapshot bytes; the main thread then decodes
 * them in slices. Indexing 75k papers is ~20 s of CPU: on the main thread, even cut into slices, it would share one
 * core with every request, where the worker takes the other. Rejects if the worker fails or exits early.
 * `heapMb` sets the worker's heap limit (the worker holds every paper of the corpus while it indexes them).
 */
export function buildInWorker(job: IndexJob, onProgress?: OnCorpusProgress, heapMb?: number): Promise<WorkerBuild> {
  return new Promise((resolve, reject) => {
    const resourceLimits = heapMb ? { maxOldGenerationSizeMb: heapMb } : undefined;
    const worker = new Worker(new URL('./index-worker.boot.mjs', import.meta.url), { workerData: job, resourceLimits });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'failed') finish(() => reject(new Error(message.error)));
      else {
        const { bytes, ...rest } = message;
        finish(() => resolve({ ...rest, bytes: bytes && Buffer.from(bytes) }));
      }
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`index worker exited with code ${code}`))));
  });
}
