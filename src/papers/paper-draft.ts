// From what a loader read (a PaperDraft) to a Paper: whitespace, ids, DOI, dates and links done once for every format.
import { arxivIdYear, findArxivId, normalizeDoi, paperId } from './paper-id.ts';
import { extractLinks } from './links.ts';
import type { Paper, PaperLink, PaperSource } from './paper.ts';

/** Fields as a loader found them. Nothing here is required; `finishPaper` decides what is missing. */
export interface PaperDraft {
  /** The record's own id (`id`, `_id`, BibTeX key is NOT one: keys are local to a file). */
  ownId?: string;
  title?: string;
  abstract?: string;
  authors?: string[];
  venue?: string;
  year?: number | string;
  /** Any date text: ISO date or timestamp ("2003-07-07T13:46:39-04:00"), "2020-05", "2020". */
  date?: string;
  url?: string;
  pdf?: string;
  doi?: string;
  arxivId?: string;
  /** Links given by the data itself (a `code` field, an Atom link), before those found in the abstract. */
  links?: PaperLink[];
}

/** Whitespace runs (hard-wrapped arXiv titles and summaries, tabs, NBSP) become one space. */
export function collapse(text: string | undefined): string {
  // Only runs that are not already a single space are replaced: most spaces are, and rewriting each of them
  // was a third of the load time of the 75k-paper arXiv dump.
  return text ? text.replace(/\s{2,}|[^\S ]/g, ' ').trim() : '';
}

function plausibleYear(y: number): number | undefined {
  return Number.isInteger(y) && y >= 1800 && y <= 2100 ? y : undefined;
}

/** ISO date when the text starts with one; the year alone when that is all it gives. Never guesses a day. */
export function readDate(text: string | undefined): { date?: string; year?: number } {
  const t = text?.trim();
  if (!t) return {};
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (iso && Number(iso[2]) >= 1 && Number(iso[2]) <= 12 && Number(iso[3]) >= 1 && Number(iso[3]) <= 31) {
    return { date: `${iso[1]}-${iso[2]}-${iso[3]}`, year: plausibleYear(Number(iso[1])) };
  }
  const year = /(?:^|\D)(1[89]\d{2}|20\d{2})(?:\D|$)/.exec(t);
  return year ? { year: plausibleYear(Number(year[1])) } : {};
}

function cleanUrl(url: string | undefined): string | undefined {
  const u = url?.trim();
  return u && /^https?:\/\/\S+$/i.test(u) ? u : undefined;
}

/** A Paper, or the reason the record cannot be one (for a CorpusIssue). */
export function finishPaper(draft: PaperDraft, source: PaperSource): Paper | string {
  const title = collapse(draft.title);
  if (!title) return 'missing title';
  const abstract = collapse(draft.abstract);
  const ownId = draft.ownId?.trim() || undefined;
  const url = cleanUrl(draft.url);
  const pdf = cleanUrl(draft.pdf);
  const doi = normalizeDoi(draft.doi);
  const arxivId =
    (draft.arxivId && findArxivId(draft.arxivId)) ?? findArxivId(ownId) ?? findArxivId(url) ?? findArxivId(pdf) ?? findArxivId(doi);

  const fromDate = readDate(draft.date);
  const year = plausibleYear(Number(String(draft.year ?? '').trim() || NaN)) ?? fromDate.year ?? (fromDate.date ? undefined : arxivIdYear(arxivId));

  const links: PaperLink[] = [];
  const seen = new Set([url, pdf].filter(Boolean));
  for (const link of [...(draft.links ?? []), ...extractLinks(abstract)]) {
    if (seen.has(link.url)) continue;
    seen.add(link.url);
    links.push(link);
  }

  const paper: Paper = {
    id: paperId({ ownId, arxivId, doi, title }),
    title,
    authors: (draft.authors ?? []).map(collapse).filter(Boolean),
    abstract,
    links,
    source,
  };
  // Optional fields are only set when the data gave them: a card shows what exists, never a blank.
  const venue = collapse(draft.venue);
  if (venue) paper.venue = venue;
  if (year) paper.year = year;
  if (fromDate.date) paper.date = fromDate.date;
  if (url) paper.url = url;
  if (pdf) paper.pdf = pdf;
  if (doi) paper.doi = doi;
  if (arxivId) paper.arxivId = arxivId;
  return paper;
}
