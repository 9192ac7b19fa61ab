// The corpus: every paper from the configured files and folders, duplicates merged, bad records reported.
import { stat } from 'node:fs/promises';
import { detectFormat, listCorpusFiles, loadFile } from './corpus-files.ts';
import { PaperSet, type CorpusDuplicate } from './duplicates.ts';
import type { CorpusFormat } from './formats/loaded-file.ts';
import type { CorpusIssue, Paper } from './paper.ts';
import type { OnCorpusProgress } from '../progress.ts';

export type { CorpusDuplicate } from './duplicates.ts';
export type { CorpusFormat } from './formats/loaded-file.ts';

/** Where the corpus lives when no path is given (config.papersPath defaults to the same). */
export const DEFAULT_CORPUS_PATHS = ['data/papers'];

/** What one file gave. */
export interface CorpusFileStats {
  file: string;
  /** `unknown` only when the file could not be read far enough to tell. */
  format: CorpusFormat | 'unknown';
  /** Papers read from this file, before duplicates were merged (see `Corpus.duplicates`). */
  papers: number;
  /** Bad records in this file (and an unreadable file counts one). */
  issues: number;
}

export interface Corpus {
  /** Unique papers (unique ids), in load order: paths as given, folder entries by name, records in file order. */
  papers: Paper[];
  /** Every bad record, missing path and unreadable file, with file and line or record. Loading never throws on these. */
  issues: CorpusIssue[];
  files: CorpusFileStats[];
  /** Later copies of a paper merged into the first (same arXiv id, DOI or normalised title). */
  duplicates: CorpusDuplicate[];
  /** Files in folders passed over because no loader reads their type. Informational, not issues. */
  skipped: { file: string; reason: string }[];
}

export interface LoadCorpusOptions {
  /**
   * Merge copies of the same paper (same arXiv id without version, same DOI, or same normalised title),
   * keeping the first and filling its missing fields from the later ones. Default true. Turn off only to count
   * raw records; ids are kept unique either way.
   */
  dedupe?: boolean;
  /**
   * Told how far loading has come, as bytes read of all files' bytes on disk (a gzip file counts compressed): once
   * at 0, as each read chunk (1 MiB) arrives, and once at the total. For a progress bar on a large first load.
   */
  onProgress?: OnCorpusProgress;
}

/**
 * Loads papers from files and folders (folders recursively). Each file's loader is picked by its extension
 * (.txt, and names we cannot tell, are sniffed): profile-export text, JSON / JSON Lines, BibTeX, arXiv Atom;
 * any of them may be gzipped (.gz). Files are read one after another so "first seen" is stable across runs.
 */
export async function loadCorpus(paths: string[], opts: LoadCorpusOptions = {}): Promise<Corpus> {
  const listing = await listCorpusFiles(paths.length ? paths : DEFAULT_CORPUS_PATHS);
  const set = new PaperSet(opts.dedupe ?? true);
  const issues: CorpusIssue[] = [...listing.issues];
  const files: CorpusFileStats[] = [];
  const report = opts.onProgress;
  // Sizes only when someone listens: a stat per file is cheap, but not free on a network drive.
  const sizes = report ? await Promise.all(listing.files.map((f) => stat(f).then((s) => s.size, () => 0))) : [];
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  report?.({ stage: 'loading', done: 0, total });
  for (const [i, file] of listing.files.entries()) {
    let format: CorpusFormat | undefined;
    // A file that grew since it was listed must not push the count past the total.
    const onRead = report && ((bytes: number) => report({ stage: 'loading', done: before + Math.min(bytes, sizes[i]), total }));
    try {
      format = await detectFormat(file);
      const loaded = await loadFile(file, format, onRead);
      for (const paper of loaded.papers) set.add(paper);
      // Not push(...): a broken million-line file has more issues than a call takes arguments.
      for (const issue of loaded.issues) issues.push(issue);
      files.push({ file, format, papers: loaded.papers.length, issues: loaded.issues.length });
    } catch (err) {
      // Unreadable file or broken gzip: one issue for the whole file, the rest of the corpus still loads.
      const what = file.toLowerCase().endsWith('.gz') ? 'unreadable gzip' : 'cannot read';
      issues.push({ file, message: `${what}: ${(err as Error).message}` });
      files.push({ file, format: format ?? 'unknown', papers: 0, issues: 1 });
    }
    before += sizes[i] ?? 0;
  }
  report?.({ stage: 'loading', done: total, total });
  for (const issue of set.issues) {
    issues.push(issue);
    const stats = files.find((f) => f.file === issue.file);
    if (stats) stats.issues++;
  }
  // Reported in file order, then by place in the file (id clashes are found after their file's own issues).
  const order = new Map(listing.files.map((f, i) => [f, i]));
  const place = (i: CorpusIssue) => [order.get(i.file) ?? -1, i.line ?? i.record ?? -1];
  issues.sort((a, b) => {
    const [fa, pa] = place(a);
    const [fb, pb] = place(b);
    return fa - fb || pa - pb;
  });
  return { papers: set.papers, issues, files, duplicates: set.duplicates, skipped: listing.skipped };
}
