// The Paper record every later stage (search, Slack, digests, CLI) works with.

/** A link found in the data, or in the abstract's text (code and data releases). */
export interface PaperLink {
  kind: 'code' | 'data' | 'project' | 'other';
  url: string;
}

/** Where a paper came from, so a bad record can be named by file and line or record number. */
export interface PaperSource {
  file: string;
  /** 1-based line number (profile text, JSONL, BibTeX). */
  line?: number;
  /** 0-based record index (JSON array, Atom entry). */
  record?: number;
}

export interface Paper {
  /** Stable id: the record's own id, else its arXiv id, else its DOI, else a slug of the title. */
  id: string;
  title: string;
  /** Author names as written in the data ("Aleksander Madry" or "Madry, Aleksander"). */
  authors: string[];
  abstract: string;
  /** Venue, journal or arXiv categories joined with ", ". Never invented. */
  venue?: string;
  year?: number;
  /** ISO date (YYYY-MM-DD) when the data gives one: published, listing or date field. */
  date?: string;
  /** Landing page given by the data. */
  url?: string;
  pdf?: string;
  doi?: string;
  /** arXiv id without version, e.g. "2006.14651" or "quant-ph/0210005". */
  arxivId?: string;
  /** Links kept from the data and extracted from the abstract. */
  links: PaperLink[];
  source: PaperSource;
}

/** A record that could not be loaded. The message names the file and the line or record. */
export interface CorpusIssue {
  file: string;
  line?: number;
  record?: number;
  message: string;
}
