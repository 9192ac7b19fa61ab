// BibTeX loader: @retorquere/bibtex-parser does the grammar and the LaTeX ({\"o} -> ö); we map fields to a Paper.
import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import { finishPaper } from '../paper-draft.ts';
import type { LoadedFile } from './loaded-file.ts';

function creatorName(c: Creator): string {
  return (c.name ?? [c.firstName, c.prefix, c.lastName, c.suffix].filter(Boolean).join(' ')).normalize('NFC');
}

/**
 * The parser renders \textit, \textbf, \url, \href as HTML tags, and accents as combining marks (o + U+0308);
 * a Paper holds plain, composed text so "Möbius" matches what users type.
 */
function plain(value: string | undefined): string | undefined {
  return value
    ?.replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/gi, (_, url: string, label: string) => (label === url ? url : `${label} (${url})`))
    .replace(/<\/?(?:i|b|em|strong|sup|sub|sc|span|nc)(?:\s[^>]*)?>/gi, '')
    .normalize('NFC');
}

/** Finds raw entry texts in order and gives their 1-based line, counting newlines only once. */
function locator(text: string): (input: string | undefined) => number | undefined {
  let cursor = 0;
  let line = 1;
  return (input) => {
    if (!input) return undefined;
    const at = text.indexOf(input, cursor);
    if (at < 0) return undefined;
    for (let i = cursor; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    const found = line;
    for (let i = at; i < at + input.length; i++) if (text.charCodeAt(i) === 10) line++;
    cursor = at + input.length;
    return found;
  };
}

/**
 * Entry fields used: title, abstract, author, year/date, journal/journaltitle/booktitle/howpublished (venue),
 * url, pdf, doi, eprint (arXiv id when archivePrefix is arXiv or the eprint looks like one). The citation key is
 * not used as the paper id: keys are local to a .bib file and collide across files.
 */
export function parseBibtex(text: string, file: string): LoadedFile {
  const out: LoadedFile = { papers: [], issues: [] };
  // No sentence-casing: titles stay as the authors wrote them. Unknown macros are dropped, not fatal.
  const library = parse(text, { english: false, sentenceCase: false, unsupported: 'ignore' });

  // Entries and errors carry their raw text; finding it in order gives each one its line.
  let locate = locator(text);
  for (const err of library.errors) {
    // The parser's own "at line N" counts from where it resynchronised, so the entry's own text is located instead.
    const line = locate(err.input) ?? Number(/at line (\d+)/.exec(err.error)?.[1] ?? NaN);
    out.issues.push({ file, line: Number.isFinite(line) ? line : undefined, message: `bad BibTeX entry: ${err.error.replace(/ at line \d+, column \d+/, '')}` });
  }
  locate = locator(text);
  for (const entry of library.entries as Entry[]) {
    // An entry that failed to parse is listed with no text; its error was reported above.
    if (!entry.input) continue;
    const line = locate(entry.input);
    const f = entry.fields;
    const eprint = f.eprint && (/arxiv/i.test(f.archiveprefix ?? f.eprinttype ?? '') || !f.archiveprefix) ? f.eprint : undefined;
    const venue = f.journal ?? f.journaltitle ?? f.booktitle ?? (f.howpublished && !/^https?:/.test(f.howpublished) ? f.howpublished : undefined);
    const paper = finishPaper(
      {
        title: plain(f.title),
        abstract: plain(f.abstract),
        authors: (f.author ?? []).map(creatorName),
        year: f.year,
        date: f.date,
        venue: plain(venue),
        url: f.url,
        pdf: f.pdf,
        doi: f.doi,
        arxivId: eprint,
      },
      { file, line },
    );
    if (typeof paper === 'string') out.issues.push({ file, line, message: `@${entry.type}{${entry.key}}: ${paper}` });
    else out.papers.push(paper);
  }
  out.issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return out;
}
