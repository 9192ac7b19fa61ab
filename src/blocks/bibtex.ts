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
 * - Only fields the data has: author, title, year, venue, doi, url, eprint.
 * - Text fields are LaTeX (see `texValue`): `& % # _ $ ~ ^ \` and stray braces are escaped, while LaTeX the
 *   data already has (arXiv titles' `$\mathcal{O}(n)$`, `{\"o}`, `\&`) is kept. `doi`, `url` and `eprint` stay
 *   raw, as styles hand them to `\url`/`\doi` verbatim (see `rawValue`).
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
    .map(([k, v]) => `  ${k} = {${RAW_FIELDS.has(k) ? rawValue(v) : texValue(v)}}`)
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

/** Fields styles print verbatim (biblatex's `verbatim` fields, natbib's `\url{}`): LaTeX escapes would show. */
const RAW_FIELDS = new Set(['doi', 'url', 'eprint']);

/**
 * A verbatim field, on one line. Only what would break the entry itself is changed, percent-encoded so links
 * still resolve: whitespace, backslashes and braces (BibTeX ends a field at the brace that closes it, escaped or
 * not). `%`, `#`, `_` and `&` stay as they are, which is what `\url` and biblatex expect.
 */
function rawValue(v: string): string {
  return v.trim().replace(/[\s\\{}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Characters that mean something to LaTeX in text, and how to write them as text. */
const TEXT_SPECIALS: Record<string, string> = {
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  $: '\\$',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};
/** In math (`$x_i^2$`) only these still break: alignment, comment and parameter characters. */
const MATH_SPECIALS: Record<string, string> = { '&': '\\&', '%': '\\%', '#': '\\#' };

/** A piece of the value; braces are kept apart so unmatched ones can be replaced once the whole field is seen. */
interface Piece {
  text: string;
  brace?: 'open' | 'close';
}

/**
 * A text field as LaTeX, on one line. Paper data is mostly plain text ("Q&A robustness: 100% of #1"), but arXiv
 * titles and abstracts carry LaTeX ("$\mathcal{O}(n)$", "{\"o}"), so:
 * - `& % # _ $ ~ ^` are escaped in text; `\` followed by a letter or a symbol is an existing command or escape
 *   (`\mathcal`, `\&`, `\"`) and kept, any other backslash is written `\textbackslash{}`;
 * - `$…$` is math when it opens before a non-space and closes after one, not before a digit (pandoc's rule), so
 *   "$x_i$" stays math while "costs $5 and $10" is two dollar signs; inside math only `& % #` are escaped;
 * - braces that pair up are kept (`{BREEDS}` protects case); a stray one becomes `\textbraceleft{}` or
 *   `\textbraceright{}`, because BibTeX counts even `\{` and `\}` when it looks for the end of the field.
 */
function texValue(v: string): string {
  const s = v.replace(/\s+/g, ' ').trim();
  const closers = mathPairs(s);
  const pieces: Piece[] = [];
  let mathEnd = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const inMath = i < mathEnd;
    if (c === '\\') {
      const next = s[i + 1] ?? '';
      if (/[A-Za-z]/.test(next)) {
        const name = /^[A-Za-z]+/.exec(s.slice(i + 1))![0];
        pieces.push({ text: `\\${name}` });
        i += name.length;
      } else if (next === '{' || next === '}') {
        pieces.push({ text: `\\${next}`, brace: next === '{' ? 'open' : 'close' });
        i += 1;
      } else if (next && /[^\s\p{L}\p{N}]/u.test(next)) {
        pieces.push({ text: `\\${next}` });
        i += 1;
      } else {
        pieces.push({ text: inMath ? '\\' : '\\textbackslash{}' });
      }
    } else if (c === '{' || c === '}') {
      pieces.push({ text: c, brace: c === '{' ? 'open' : 'close' });
    } else if (c === '$' && !inMath && closers.has(i)) {
      mathEnd = closers.get(i)!;
      pieces.push({ text: '$' });
    } else if (c === '$' && i === mathEnd) {
      pieces.push({ text: '$' });
    } else {
      pieces.push({ text: (inMath ? MATH_SPECIALS[c] : TEXT_SPECIALS[c]) ?? c });
    }
  }
  // Pair the braces; whatever is left unpaired is stray.
  const open: Piece[] = [];
  for (const p of pieces) {
    if (p.brace === 'open') open.push(p);
    else if (p.brace === 'close' && !open.pop()) p.text = '\\textbraceright{}';
  }
  for (const p of open) p.text = '\\textbraceleft{}';
  return pieces.map((p) => p.text).join('');
}

/** Start index -> end index of each `$…$` that reads as math (see texValue). Escaped `\$` never delimits. */
function mathPairs(s: string): Map<number, number> {
  const dollars: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i += 1;
    else if (s[i] === '$') dollars.push(i);
  }
  const pairs = new Map<number, number>();
  for (let k = 0; k < dollars.length; k++) {
    const start = dollars[k];
    if (!s[start + 1] || /\s|\$/.test(s[start + 1])) continue;
    const end = dollars.slice(k + 1).find((j) => j > start + 1 && !/\s/.test(s[j - 1]) && !/\d/.test(s[j + 1] ?? ''));
    if (end === undefined) continue;
    pairs.set(start, end);
    k = dollars.indexOf(end);
  }
  return pairs;
}
