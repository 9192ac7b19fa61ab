// JSON array and JSON Lines loaders: common field names (BEIR, arXiv dumps, hand-made lists) mapped to a Paper.
import { readAuthors } from '../authors.ts';
import { finishPaper, type PaperDraft } from '../paper-draft.ts';
import type { PaperLink } from '../paper.ts';
import type { LoadedFile } from './loaded-file.ts';

type JsonRecord = Record<string, unknown>;

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A string, or an array of strings joined with ", " (arXiv `categories`). */
function textOrList(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' && x.trim()).join(', ') || undefined;
  return text(v);
}

function first(rec: JsonRecord, keys: string[], read: (v: unknown) => string | undefined = text): string | undefined {
  for (const k of keys) {
    const v = read(rec[k]);
    if (v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
}

/** Extra link fields some lists carry, and the kind each one names. */
const LINK_FIELDS: [string, PaperLink['kind']][] = [
  ['code', 'code'],
  ['github', 'code'],
  ['data', 'data'],
  ['dataset', 'data'],
  ['project', 'project'],
  ['homepage', 'project'],
];

/**
 * Field names understood, first found wins: id/_id; title; abstract/summary/text; authors/author;
 * date/published/listing_date and year; venue/journal/booktitle/categories; url/abs/link; pdf; doi;
 * arxiv_id/arxivId/eprint; code/github/data/dataset/project/homepage links. Other fields (BEIR `metadata`,
 * arXiv `comment`) are ignored.
 */
export function draftFromRecord(rec: JsonRecord): PaperDraft {
  const links: PaperLink[] = [];
  for (const [field, kind] of LINK_FIELDS) {
    const url = text(rec[field])?.trim();
    // The field name is the data's own word for what the link is, so it wins over guessing from the host.
    if (url && /^https?:\/\//i.test(url)) links.push({ kind, url });
  }
  return {
    ownId: first(rec, ['id', '_id']),
    title: first(rec, ['title']),
    abstract: first(rec, ['abstract', 'summary', 'text']),
    authors: readAuthors(rec.authors ?? rec.author),
    year: first(rec, ['year']),
    date: first(rec, ['date', 'published', 'listing_date']),
    venue: first(rec, ['venue', 'journal', 'booktitle', 'categories'], textOrList),
    url: first(rec, ['url', 'abs', 'link']),
    pdf: first(rec, ['pdf']),
    doi: first(rec, ['doi']),
    arxivId: first(rec, ['arxiv_id', 'arxivId', 'eprint']),
    links,
  };
}

function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects JSON Lines one line at a time, so a 100 MB dump is never held as one string. */
export class JsonLinesReader {
  readonly result: LoadedFile = { papers: [], issues: [] };

  constructor(readonly file: string) {}

  /** `lineNo` is 1-based. Blank lines are skipped; a bad line becomes an issue and loading goes on. */
  push(line: string, lineNo: number): void {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      this.result.issues.push({ file: this.file, line: lineNo, message: `invalid JSON: ${(err as Error).message}` });
      return;
    }
    if (!isRecord(value)) {
      this.result.issues.push({ file: this.file, line: lineNo, message: 'not a JSON object' });
      return;
    }
    const paper = finishPaper(draftFromRecord(value), { file: this.file, line: lineNo });
    if (typeof paper === 'string') this.result.issues.push({ file: this.file, line: lineNo, message: paper });
    else this.result.papers.push(paper);
  }
}

/** Loads streamed JSON Lines (lines without their newline, in order). */
export async function loadJsonLines(lines: AsyncIterable<string>, file: string): Promise<LoadedFile> {
  const reader = new JsonLinesReader(file);
  let n = 0;
  for await (const line of lines) reader.push(line, ++n);
  return reader.result;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The line V8's JSON.parse error points at. Messages carry "at position N", or (for an unexpected token) a
 * quoted excerpt with up to 10 characters of context each side, or say the input ended early.
 */
function lineOfError(text: string, message: string): number | undefined {
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineAt(text, Number(pos[1]));
  if (/end of JSON input/.test(message)) return lineAt(text, text.trimEnd().length);
  const excerpt = /^Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (!excerpt) return undefined;
  const at = text.indexOf(excerpt[3]);
  if (at < 0) return undefined;
  return lineAt(text, at + (excerpt[2] ? 10 : excerpt[3].indexOf(excerpt[1])));
}

/**
 * A .json file: an array of records, an object holding one (`papers`, `records`, `entries` or `items`), or a
 * single record. A file that is really JSON Lines (a first line that parses alone) is read as such.
 */
export function parseJsonText(text: string, file: string): LoadedFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const firstLine = text.trimStart().split('\n', 1)[0];
    let looksLikeLines = false;
    try {
      looksLikeLines = isRecord(JSON.parse(firstLine));
    } catch {
      /* not JSON Lines either */
    }
    if (looksLikeLines) {
      const reader = new JsonLinesReader(file);
      text.split('\n').forEach((line, i) => reader.push(line, i + 1));
      return reader.result;
    }
    const message = (err as Error).message;
    return { papers: [], issues: [{ file, line: lineOfError(text, message), message: `invalid JSON: ${message}` }] };
  }
  const holder = isRecord(value) ? ['papers', 'records', 'entries', 'items'].find((k) => Array.isArray(value[k])) : undefined;
  const records: unknown[] = Array.isArray(value) ? value : holder ? ((value as JsonRecord)[holder] as unknown[]) : [value];
  const out: LoadedFile = { papers: [], issues: [] };
  records.forEach((rec, record) => {
    if (!isRecord(rec)) {
      out.issues.push({ file, record, message: 'not a JSON object' });
      return;
    }
    const paper = finishPaper(draftFromRecord(rec), { file, record });
    if (typeof paper === 'string') out.issues.push({ file, record, message: paper });
    else out.papers.push(paper);
  });
  return out;
}
