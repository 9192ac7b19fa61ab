// What every format loader returns for one file: its papers and its bad records.
import type { CorpusIssue, Paper } from '../paper.ts';

/** The formats the corpus understands; see src/papers/corpus-files.ts for how a file's format is chosen. */
export type CorpusFormat = 'profile' | 'json' | 'jsonl' | 'bibtex' | 'atom';

export interface LoadedFile {
  papers: Paper[];
  issues: CorpusIssue[];
}
