// BibTeX for one paper: pure, from the fields the data has, never an invented one.
import type { Paper } from '../papers/paper.ts';

/** Words skipped when picking the title word of the key ("The Space of …" -> space). */
const LEADING_ARTICLES = new Set(['a', 'an', 'the']);
/** Venues that are conferences or workshops (BibTeX `@inproceedings` with `booktitle`). */
const PROCEEDINGS = /\b(conference|proceedings|symposium|workshop|neural information processing systems|neurips|nips|icml|iclr|cvpr|iccv|eccv|aaai|ijcai|acl|emnlp|naacl|colt|aistats|uai|kdd|sigir|www)\b/i;
/** Venues that name arXiv itself ("arXiv.org Machine Learning"): a preprint, so `@misc` with `howpublished`. */
const PREPRINT = /\barxiv\b/i;
/** arXiv category lists as the arXiv loader writes `venue` ("cs.LG, stat.ML"). */
const ARXIV_CATEGORIES = /^[a-z-]+(\.[A-Za-z-]+)?(,\s*[a-z-]+(\.[A-Za-z-]+)?)*$/;

/**
 * A BibTeX entry.
 * - key: first author's last name + year + first title word (articles skipped), ASCII lower case, e.g. `madry2018towards`.
 * - type from the venue the data gives: conference/workshop names -> `@inproceedings` (booktitle); other
 *   journals -> `@article` (journal); arXiv itself, arXiv categories or no venue -> `@misc` (howpublished).
 * - arXiv papers get `eprint`, `archivePrefix = {arXiv}` and, when the venue is a category list, `primaryClass`.
 * - Only fields the data has: author, title, year, venue, doi, url, eprint. Braces in values are escaped
 *   unless they are balanced (balanced braces are LaTeX from arXiv titles, e.g. `$\mathcal{O}(n)$`).
 */
export function toBibtex(paper: Paper): string {
  const arxiv = paper.arxivId?.trim();
  const venue = paper.venue?.trim() || undefined;
  const categories = !!venue && ARXIV_CATEGORIES.test(venue) && venue.includes('.');
  const kind = !venue || categories || PREPRINT.test(venue) ? 'misc' : PROCEEDINGS.test(venue) ? 'inproceedings' : 'article';
  const venueField = kind === 'inproceedings' ? 'booktitle' : kind === 'article' ? 'journal' : 'howpublished';

  const fields: Array<[string, string | undefined]> = [
    ['author', paper.authors?.map((a) => a.trim()).filter(Boolean).join(' and ') || undefined],
    ['title', paper.title?.trim() || undefined],
    [venueField, categories ? undefined : venue],
    ['year', typeof paper.year === 'number' && Number.isFinite(paper.year) ? String(paper.year) : undefined],
    ['doi', paper.doi?.trim() || undefined],
    ['url', paper.url?.trim() || undefined],
    ['eprint', arxiv || undefined],
    ['archivePrefix', arxiv ? 'arXiv' : undefined],
    ['primaryClass', arxiv && categories ? venue!.split(',')[0].trim() : undefined],
  ];
  const body = fields
    .filter((f): f is [string, string] => !!f[1])
    .map(([k, v]) => `  ${k} = {${bibValue(v)}}`)
    .join(',\n');
  return `@${kind}{${citeKey(paper)},\n${body}\n}`;
}

/** `madry2018towards`: last name + year + first title word; `paper` when the data has none of them. */
export function citeKey(paper: Paper): string {
  const last = lastName(paper.authors?.[0] ?? '');
  const word = (paper.title ?? '')
    .split(/\s+/)
    .map(ascii)
    .find((w) => w && !LEADING_ARTICLES.has(w));
  const key = `${last}${paper.year ?? ''}${word ?? ''}`;
  return key || 'paper';
}

/** "Madry, Aleksander" -> madry; "Aleksander Madry" -> madry; "Ludwig van Beethoven" -> beethoven. */
function lastName(author: string): string {
  const a = author.trim();
  if (!a) return '';
  const last = a.includes(',') ? a.split(',')[0] : (a.split(/\s+/).pop() ?? '');
  return ascii(last);
}

/** Lower-case ASCII letters and digits only, accents folded (Müller -> muller). */
function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** One line; braces escaped when unbalanced (an unbalanced brace ends the field early and breaks the file). */
function bibValue(v: string): string {
  const flat = v.replace(/\s+/g, ' ').trim();
  return balanced(flat) ? flat : flat.replace(/([{}])/g, '\\$1');
}

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i += 1;
      continue;
    }
    if (s[i] === '{') depth += 1;
    else if (s[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}
