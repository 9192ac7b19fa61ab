// arXiv API Atom feeds (export.arxiv.org/api/query responses) to Papers; also used by the digests' API poller.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { findArxivId } from '../paper-id.ts';
import { finishPaper } from '../paper-draft.ts';
import type { LoadedFile } from './loaded-file.ts';

/** An Atom feed's papers and bad entries, plus the API's `opensearch:totalResults` when present (for paging). */
export interface ArxivAtomResult extends LoadedFile {
  totalResults?: number;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Namespace prefixes dropped: arxiv:doi -> doi, opensearch:totalResults -> totalResults, whatever the prefix.
  removeNSPrefix: true,
  // Keep every value a string: "2101.00010" must not become the number 2101.0001.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'entry' || name === 'author' || name === 'link' || name === 'category',
});

/** Element text whether or not the element had attributes (<title type="html">). */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Node)['#text'] === 'string') return (v as Node)['#text'] as string;
  return undefined;
}

function attr(v: unknown, name: string): string | undefined {
  const a = v && typeof v === 'object' ? (v as Node)[`@_${name}`] : undefined;
  return typeof a === 'string' ? a : undefined;
}

function list(v: unknown): Node[] {
  return Array.isArray(v) ? (v as Node[]) : [];
}

/**
 * Parses one Atom document. Per the arXiv API manual, an entry whose id is under http://arxiv.org/api/errors is
 * an error report ("incorrect id format for ..."), so it becomes an issue, never a paper. Entry fields used: id
 * (arXiv id, version dropped), title and summary (hard-wrapped: whitespace collapsed), author/name, published,
 * arxiv:journal_ref (venue) else arxiv:primary_category, arxiv:doi, link rel=alternate (url) and title=pdf.
 */
export function parseArxivAtom(xml: string, file: string): ArxivAtomResult {
  const out: ArxivAtomResult = { papers: [], issues: [] };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    out.issues.push({ file, line: valid.err.line, message: `invalid XML: ${valid.err.msg}` });
    return out;
  }
  const feed = (parser.parse(xml) as Node).feed as Node | undefined;
  if (!feed || typeof feed !== 'object') {
    out.issues.push({ file, message: 'not an Atom feed (no <feed> root element)' });
    return out;
  }
  const total = Number(textOf(feed.totalResults));
  if (textOf(feed.totalResults) !== undefined && Number.isFinite(total)) out.totalResults = total;

  list(feed.entry).forEach((entry, record) => {
    const id = textOf(entry.id)?.trim() ?? '';
    if (/arxiv\.org\/api\/errors/i.test(id)) {
      out.issues.push({ file, record, message: `arXiv API error: ${textOf(entry.summary)?.trim() || id}` });
      return;
    }
    const links = list(entry.link);
    const arxivId = findArxivId(id);
    const paper = finishPaper(
      {
        ownId: arxivId ? undefined : id,
        arxivId,
        title: textOf(entry.title),
        abstract: textOf(entry.summary),
        authors: list(entry.author).map((a) => textOf(a.name) ?? '').filter(Boolean),
        date: textOf(entry.published) ?? textOf(entry.updated),
        venue: textOf(entry.journal_ref) ?? attr(entry.primary_category, 'term') ?? attr(list(entry.category)[0], 'term'),
        doi: textOf(entry.doi),
        url: attr(links.find((l) => attr(l, 'rel') === 'alternate'), 'href'),
        pdf: attr(links.find((l) => attr(l, 'title') === 'pdf'), 'href'),
      },
      { file, record },
    );
    if (typeof paper === 'string') out.issues.push({ file, record, message: `entry ${id || record}: ${paper}` });
    else out.papers.push(paper);
  });
  return out;
}
