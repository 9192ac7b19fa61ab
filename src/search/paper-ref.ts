// Recognizes a pasted paper identifier (arXiv id or URL, DOI or doi.org URL) so a search can look the paper up directly,
// and the paper a shared link names (arXiv abs/pdf/html, doi.org, OpenReview forum and pdf pages).

/** What a pasted identifier names. Exactly one of the two is set. */
export interface PaperRef {
  /** arXiv id without version, e.g. "2006.14651" or "hep-th/9901001" (matches Paper.arxivId). */
  arxivId?: string;
  /** DOI, lower-cased (DOIs are case-insensitive), e.g. "10.1145/3319535.3354211". */
  doi?: string;
}

// arXiv identifier schemes (https://info.arxiv.org/help/arxiv_identifier.html):
// new style YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015-), old style archive(.SUBJ)/YYMMNNN; both take an optional vN.
const NEW_ID = String.raw`\d{4}\.\d{4,5}`;
const OLD_ID = String.raw`[a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7}`;
const ARXIV_ID = new RegExp(String.raw`^(?:arxiv:\s*)?(${NEW_ID}|${OLD_ID})(?:v\d+)?$`, 'i');
const ARXIV_URL = new RegExp(String.raw`^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/(${NEW_ID}|${OLD_ID})(?:v\d+)?(?:\.pdf)?\/?(?:[?#].*)?$`, 'i');
// DOI syntax: "10." + registrant code + "/" + suffix (https://www.doi.org/the-identifier/resources/handbook/2_numbering).
const DOI = /^(?:doi:\s*)?(10\.\d{4,9}\/\S+)$/i;
const DOI_URL = /^(?:https?:\/\/)?(?:dx\.)?doi\.org\/(10\.\d{4,9}\/\S+)$/i;
// arXiv's own DOIs (10.48550/arXiv.2006.14651) name an arXiv paper.
const ARXIV_DOI = new RegExp(String.raw`^10\.48550\/arxiv\.(${NEW_ID}|${OLD_ID})(?:v\d+)?$`, 'i');

/** The identifier in `text` when the whole text is one, else undefined. Never throws. */
export function parsePaperRef(text: string): PaperRef | undefined {
  const q = text.trim().replace(/^<|>$/g, '').replace(/[.,;]$/, '');
  if (q.length === 0 || q.length > 300 || /\s/.test(q.replace(/^(arxiv|doi):\s*/i, ''))) return undefined;
  const arxiv = ARXIV_ID.exec(q) ?? ARXIV_URL.exec(q);
  if (arxiv) return { arxivId: arxivIdOf(arxiv[1]) };
  const doi = DOI.exec(q) ?? DOI_URL.exec(q);
  if (!doi) return undefined;
  const value = safeDecode(doi[1]).toLowerCase();
  const viaArxiv = ARXIV_DOI.exec(value);
  return viaArxiv ? { arxivId: arxivIdOf(viaArxiv[1]) } : { doi: value };
}

/** The arXiv id in an arXiv URL (abs or pdf), for papers whose data gives only a link. */
export function arxivIdFromUrl(url: string | undefined): string | undefined {
  const m = url ? ARXIV_URL.exec(url.trim()) : null;
  return m ? arxivIdOf(m[1]) : undefined;
}

/** Old-style archive names are lower case ("hep-th"), subject classes upper case ("math.GT"). */
function arxivIdOf(id: string): string {
  const slash = id.indexOf('/');
  if (slash < 0) return id;
  const [archive, subject] = id.slice(0, slash).split('.');
  return `${archive.toLowerCase()}${subject ? `.${subject.toUpperCase()}` : ''}${id.slice(slash)}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What a shared link names: one of an arXiv id, a DOI or an OpenReview forum id. */
export type LinkRef = { arxivId: string } | { doi: string } | { openreviewId: string };

// OpenReview note ids are short strings of letters, digits, '-' and '_' (e.g. "rJ4km2R5t7", "Hkg-TJBFPB").
const OPENREVIEW_ID = /^[A-Za-z0-9_-]{5,40}$/;

/**
 * The paper a link names, or undefined: an arXiv link (abs, pdf or html, any version) or id, a DOI or doi.org link
 * (arXiv's own DOIs name the arXiv paper), or an OpenReview page (`openreview.net/forum?id=…`, `/pdf?id=…`).
 */
export function parseLinkRef(text: string): LinkRef | undefined {
  const raw = text.trim().replace(/^<|>$/g, '');
  const openreview = openreviewForumId(raw);
  if (openreview) return { openreviewId: openreview };
  const ref = parsePaperRef(raw);
  if (ref?.arxivId) return { arxivId: ref.arxivId };
  if (ref?.doi) return { doi: ref.doi };
  return undefined;
}

/** The forum id of an OpenReview link (forum, pdf or attachment pages name the paper by `id=`), else undefined. */
export function openreviewForumId(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (!/^(www\.)?openreview\.net$/i.test(u.hostname) || !/^\/(forum|pdf|attachment)\/?$/.test(u.pathname)) return undefined;
  const id = u.searchParams.get('id') ?? '';
  return OPENREVIEW_ID.test(id) ? id : undefined;
}

/** The cache key of a link's paper: "arxiv:2007.08489", "doi:10.1145/…", "openreview:rJ4km2R5t7". */
export function linkRefKey(ref: LinkRef): string {
  if ('arxivId' in ref) return `arxiv:${ref.arxivId}`;
  if ('doi' in ref) return `doi:${ref.doi}`;
  return `openreview:${ref.openreviewId}`;
}
