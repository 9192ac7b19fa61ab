// Re-reads the corpus files when they change (fs.watch, debounced) and hands the papers on for merging.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Corpus } from '../papers/corpus.ts';
import type { Paper } from '../papers/paper.ts';
import type { Log } from '../log.ts';

export interface CorpusWatcherOptions {
  /** PAPERS_PATH: files or folders. */
  paths: string[];
  /** Loads the corpus (src/papers loadCorpus). */
  load: (paths: string[]) => Promise<Corpus>;
  /** Receives every paper of the re-read corpus; the receiver keeps only the new ones. */
  onPapers: (papers: Paper[]) => void;
  log: Log;
  /** Quiet time after the last change before re-reading, in ms. Default 1000 (editors write files in bursts). */
  debounceMs?: number;
}

/** Papers removed from a file stay in the index until restart (the index has no removal). */
export class CorpusWatcher {
  private watchers: FSWatcher[] = [];
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private again = false;

  constructor(private readonly o: CorpusWatcherOptions) {}

  /**
   * Watches each folder recursively, and each file through its folder: a watch on the file itself follows its inode,
   * so it goes deaf once the file is replaced by a rename (how editors and `mv` save) and sees no later append or
   * re-create. The folder's watch names the file in every event, whichever inode it has now.
   */
  start(): void {
    for (const path of this.o.paths) {
      try {
        const isFolder = statSync(path).isDirectory();
        const target = isFolder ? path : dirname(path);
        const name = basename(path);
        // Recursive: the loaders read subfolders, so a change in a nested folder must be seen too (Node >= 19.1 on Linux).
        const w = watch(target, { persistent: false, recursive: isFolder }, (_event, file) => {
          if (isFolder || file == null || String(file) === name) this.changed();
        });
        w.on('error', (err) => this.o.log.warn({ path, err: String(err) }, 'corpus watch failed; changes there need a restart'));
        this.watchers.push(w);
      } catch (err) {
        this.o.log.warn({ path, err: String(err) }, 'cannot watch corpus path; changes there need a restart');
      }
    }
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  /** Re-reads now (one at a time; a change during a read triggers one more). Never throws. */
  reload(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      do {
        this.again = false;
        try {
          const corpus = await this.o.load(this.o.paths);
          if (corpus.issues.length) this.o.log.warn({ issues: corpus.issues.length, first: corpus.issues[0] }, 'corpus re-read with bad records (skipped)');
          this.o.onPapers(corpus.papers);
        } catch (err) {
          this.o.log.error({ paths: this.o.paths, err: String(err) }, 'corpus re-read failed; keeping the papers already loaded');
        }
      } while (this.again);
    })().finally(() => (this.current = undefined));
    return this.current;
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, this.o.debounceMs ?? 1000);
    this.timer.unref();
  }
}
