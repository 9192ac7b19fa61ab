// Paper identity: arXiv ids, DOIs, normalised titles and the stable id every later stage keys on.

/** New-style arXiv id (YYMM.NNNN or YYMM.NNNNN since 2015), optional version. */
const NEW_STYLE = /^(\d{2})(\d{2})\.\d{4,5}$/;
/** Old-style arXiv id: archive(.SUBJECT)/YYMMNNN, e.g. quant-ph/0210005, math.GT/0309136. */
const OLD_STYLE = /^[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7}$/;

const ARXIV_IN_TEXT =
  /(?:arxiv\.org\/(?:abs|pdf)\/|10\.48550\/arxiv\.|^arxiv:|^)((?:\d{4}\.\d{4,5})|(?:[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7}))(?:v\d+)?(?:\.pdf)?(?:[?#/]|$)/i;

/** True when `id` (no version) is a well-formed arXiv id. New-style ids must carry a real month. */
export function isArxivId(id: string): boolean {
  const m = NEW_STYLE.exec(id);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12;
  return OLD_STYLE.test(id);
}

/**
 * The arXiv id, without version, found in an id, an arXiv abs/pdf URL or an arXiv DOI (10.48550/arXiv.XXXX).
 * A bare number only counts when it is the whole string, so ids like "4983" or DOIs never match by accident.
 */
export function findArxivId(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = ARXIV_IN_TEXT.exec(text.trim());
  if (!m) return undefined;
  let id = m[1];
  // The archive part of old-style ids is lowercase; the subject class (math.GT) keeps its case.
  if (id.includes('/')) id = id.replace(/^[^./]+/, (a) => a.toLowerCase());
  return isArxivId(id) ? id : undefined;
}

/** The DOI, lowercased, without resolver prefix ("https://doi.org/", "doi:"); undefined when it is not a DOI. */
export function normalizeDoi(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const doi = text
    .trim()
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '')
    .toLowerCase();
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : undefined;
}

/** Lowercase words of a title without accents or punctuation: "Möbius-Nets!" and "mobius nets" compare equal. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** URL-safe slug of a title, at most 80 characters, used as the id of last resort. */
export function titleSlug(title: string): string {
  const slug = titleKey(title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  // Cut at a word boundary so the slug stays readable in a URL or a log line.
  const cut = slug.length <= 80 ? slug : slug.slice(0, slug.lastIndexOf('-', 80) > 0 ? slug.lastIndexOf('-', 80) : 80);
  return cut || 'untitled';
}

/** What the id is derived from; every field optional. */
export interface IdParts {
  ownId?: string;
  arxivId?: string;
  doi?: string;
  title: string;
}

/**
 * Stable paper id: the record's own id; else its arXiv id (no version); else its DOI; else a slug of the title.
 * An own id that is itself an arXiv URL/id or a DOI URL is reduced to that identifier, so the same paper keeps
 * one id whether it came from an Atom feed (http://arxiv.org/abs/2101.00001v2) or a JSONL dump (2101.00001).
 */
export function paperId({ ownId, arxivId, doi, title }: IdParts): string {
  const own = ownId?.trim();
  if (own) return findArxivId(own) ?? (/^https?:\/\/(dx\.)?doi\.org\//i.test(own) ? normalizeDoi(own) : undefined) ?? own;
  return arxivId ?? doi ?? titleSlug(title);
}

/** The year encoded by a new-style arXiv id (2606.30776 -> 2026); old-style ids give none. */
export function arxivIdYear(arxivId: string | undefined): number | undefined {
  const m = arxivId ? NEW_STYLE.exec(arxivId) : null;
  return m ? 2000 + Number(m[1]) : undefined;
}
