// Progress of loading and indexing a corpus: the event, and a reporter that draws a bar on a terminal or logs counts.
import type { Log } from './log.ts';

/** How far one stage of opening a corpus has come. `done` rises to `total`, and the last report of a stage has done === total. */
export interface CorpusProgress {
  /**
   * `loading` reads the files (counted in bytes on disk, so a gzip file counts compressed); `indexing` analyzes papers;
   * `opening` checks and decodes an index snapshot (percent).
   */
  stage: 'loading' | 'indexing' | 'opening';
  done: number;
  total: number;
}

export type OnCorpusProgress = (progress: CorpusProgress) => void;

/** A writable stream that may be a terminal (process.stderr is one when not redirected). */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ProgressReporterOptions {
  /** Where the bar or the lines go. Default process.stderr. */
  stream?: ProgressStream;
  /** `bar` redraws one line (a terminal); `lines` writes a line now and then. Default: `bar` when stream.isTTY. */
  mode?: 'bar' | 'lines';
  /**
   * In `lines` mode, lines go to this log as info events `corpus_progress`, with the counts as fields. Without it,
   * the same event is written to `stream` as one JSON line.
   */
  log?: Log;
  /** A stage that ends within this many ms shows nothing, so a small library opens quietly. Default 1000. */
  quietMs?: number;
  /** In `lines` mode a line at each tenth of the total, and at least this often (ms). Default 5000. */
  everyMs?: number;
  /** Milliseconds clock (tests pass a fake one). Default performance.now. */
  now?: () => number;
}

const BAR_REDRAW_MS = 100;
/** Megabytes as disks and the README count them. */
const MB = 1e6;

/**
 * An `onProgress` callback for `openIndex` / `loadCorpus`: a redrawn bar when the stream is a terminal, else a
 * log line every tenth of the way or every few seconds. Silent for a stage that is quick.
 */
export function progressReporter(options: ProgressReporterOptions = {}): OnCorpusProgress {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode ?? (stream.isTTY ? 'bar' : 'lines');
  const quietMs = options.quietMs ?? 1000;
  const everyMs = options.everyMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  let stage: CorpusProgress['stage'] | undefined;
  let startedAt = 0;
  let shown = false;
  let lastAt = 0;
  let lastTenth = -1;
  let ended = false;

  const line = (p: CorpusProgress) => {
    const event = { event: 'corpus_progress', stage: p.stage, done: p.done, total: p.total };
    if (options.log) options.log.info(event, `${STAGE_WORDS[p.stage]}: ${describe(p)}`);
    else stream.write(`${JSON.stringify(event)}\n`);
  };

  return (p) => {
    const t = now();
    if (p.stage !== stage) {
      stage = p.stage;
      startedAt = t;
      shown = false;
      lastAt = -Infinity;
      lastTenth = -1;
      ended = false;
    }
    const finished = p.done >= p.total;
    // A stage may report its total more than once (the last chunks of a file): it ends once.
    if (ended || (!shown && (t - startedAt < quietMs || finished))) return;
    ended = finished;
    const tenth = p.total > 0 ? Math.floor((10 * p.done) / p.total) : 10;
    if (mode === 'bar') {
      if (!finished && t - lastAt < BAR_REDRAW_MS) return;
      // \r back to the line's start, \x1b[K clears what a longer previous draw left.
      stream.write(`\r${bar(p, stream.columns || 80)}\x1b[K${finished ? '\n' : ''}`);
    } else {
      if (!finished && tenth === lastTenth && t - lastAt < everyMs) return;
      line(p);
    }
    shown = true;
    lastAt = t;
    lastTenth = tenth;
  };
}

/** "Indexing papers [#######.............]  35%  26,000 of 74,728" fitted to `columns`. */
export function bar(p: CorpusProgress, columns: number): string {
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const label = BAR_LABELS[p.stage];
  // Opening counts in percent already: the share is the whole tail.
  const tail = `${String(Math.floor(share * 100)).padStart(3)}%${p.stage === 'opening' ? '' : `  ${describe(p)}`}`;
  const width = Math.max(10, Math.min(40, columns - label.length - tail.length - 5));
  const filled = Math.round(share * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${tail}`;
}

const STAGE_WORDS = { loading: 'loading the corpus', indexing: 'indexing the corpus', opening: 'opening the index snapshot' } as const;
const BAR_LABELS = { loading: 'Loading papers ', indexing: 'Indexing papers', opening: 'Opening index  ' } as const;

/** The counts in words: megabytes read while loading, papers while indexing, a share while opening. */
function describe(p: CorpusProgress): string {
  if (p.stage === 'opening') return `${Math.floor((100 * p.done) / (p.total || 1))}%`;
  if (p.stage === 'loading') return `${(p.done / MB).toFixed(1)} of ${(p.total / MB).toFixed(1)} MB`;
  return `${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} papers`;
}
