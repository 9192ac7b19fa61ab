// Paper links: code/data/project links written in abstracts, their kind, and the one link a card shows.
import type { Paper, PaperLink } from './paper.ts';

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`{}|\\^]+/gi;

/** Drops what a sentence puts after a URL ("at https://x.org/a ." or "(https://x.org/a)"). */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(/[.,;:!?'"*]+$/, '');
    // A closing bracket belongs to the URL only when the URL opened it (wikipedia-style paths).
    for (const [open, close] of [['(', ')'], ['[', ']']]) {
      if (url.endsWith(close) && url.split(open).length < url.split(close).length) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

const DATA_WORDS = /\b(data|datasets?|corpus|benchmarks?|annotations?|labels)\b/i;
const CODE_WORDS = /\b(code|library|implementation|software|package|toolkit)\b/i;

/**
 * Kind of a link. Hosts decide first: dataset hosts are data, code forges and Hugging Face Spaces are code,
 * *.github.io pages are project pages. A code-forge repository counts as data when its name says so
 * (MadryLab/datamodels-data) or its sentence speaks of data and not of code ("Data ... is available at").
 */
export function classifyLink(url: string, sentence = ''): PaperLink['kind'] {
  let host: string;
  let path: string;
  try {
    const u = new URL(url);
    host = u.hostname.toLowerCase().replace(/^www\./, '');
    path = u.pathname;
  } catch {
    return 'other';
  }
  if (/(^|\.)(zenodo\.org|figshare\.com|datadryad\.org|dataverse\.harvard\.edu|osf\.io)$/.test(host)) return 'data';
  if (host === 'kaggle.com' && path.startsWith('/datasets')) return 'data';
  if (host === 'huggingface.co' || host === 'hf.co') {
    if (path.startsWith('/datasets/')) return 'data';
    if (path.startsWith('/spaces/')) return 'code';
    return 'other';
  }
  if (host === 'doi.org' && /^\/10\.5281\/zenodo/i.test(path)) return 'data';
  if (/(^|\.)(github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)$/.test(host)) {
    const repo = path.split('/')[2] ?? '';
    if (/(^|[-_])(data|datasets?)($|[-_])/i.test(repo)) return 'data';
    if (DATA_WORDS.test(sentence) && !CODE_WORDS.test(sentence)) return 'data';
    return 'code';
  }
  if (host.endsWith('.github.io') || host.endsWith('.gitlab.io')) return 'project';
  if (/\bdatasets?\b/i.test(path)) return 'data';
  return 'other';
}

/** Links written in an abstract, trailing punctuation removed, in order of appearance, without repeats. */
export function extractLinks(text: string): PaperLink[] {
  const links: PaperLink[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const url = trimUrl(m[0]);
    if (url.length <= 'https://'.length || seen.has(url)) continue;
    seen.add(url);
    // The sentence leading up to the link says what it is ("Data for this paper ... is available at").
    const start = Math.max(text.lastIndexOf('. ', m.index), text.lastIndexOf('; ', m.index), 0);
    links.push({ kind: classifyLink(url, text.slice(start, m.index)), url });
  }
  return links;
}

/** Where a title search goes when a paper has no link of its own. */
export const TITLE_SEARCH_URL = 'https://scholar.google.com/scholar?q=';

/**
 * The one link for a paper: its landing page, else its DOI, else its arXiv abstract page, else its PDF, else a
 * title search. The arXiv and DOI links are the identifiers' canonical resolvers, not invented metadata.
 */
export function paperUrl(paper: Pick<Paper, 'title' | 'url' | 'doi' | 'arxivId' | 'pdf'>): string {
  return paperLink(paper) ?? TITLE_SEARCH_URL + encodeURIComponent(paper.title);
}

/** The paper's own link, in paperUrl's order, or undefined when the data gives none (no title search). */
export function paperLink(paper: Pick<Paper, 'url' | 'doi' | 'arxivId' | 'pdf'>): string | undefined {
  if (paper.url) return paper.url;
  if (paper.doi) return `https://doi.org/${paper.doi}`;
  if (paper.arxivId) return `https://arxiv.org/abs/${paper.arxivId}`;
  return paper.pdf || undefined;
}
