// Crossref's REST API (api.crossref.org): a work by DOI, and works by title, as Papers; from its polite pool.
import { finishPaper } from '../papers/paper-draft.ts';
import type { Paper } from '../papers/paper.ts';
import { getJson, LookupError } from './http-json.ts';

export interface CrossrefOptions {
  /** CROSSREF_API_URL. Default https://api.crossref.org. */
  apiUrl: string;
  /**
   * CROSSREF_MAILTO. Crossref's etiquette (https://api.crossref.org/swagger-ui/index.html, "Etiquette"): a `mailto`
   * parameter or a User-Agent with one puts the request in the "polite" pool. Both are sent when set.
   */
  mailto?: string;
  /** Per-request timeout. Default 10000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Json = Record<string, any>;

export class CrossrefClient {
  constructor(private readonly o: CrossrefOptions) {}

  /** The work with this DOI, or undefined when Crossref has none (404). Throws LookupError when it cannot answer. */
  async work(doi: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const res = await getJson(this.url(`/works/${encodeURIComponent(doi)}`), this.request(signal));
    if (!res.body) return undefined;
    const message = (res.body as Json).message;
    if (!message || typeof message !== 'object') throw new LookupError('Crossref answered without a work');
    return crossrefPaper(message) ?? undefined;
  }

  /** Works whose bibliographic data best matches `title` (Crossref's ranking), at most `rows`. */
  async search(title: string, rows = 5, signal?: AbortSignal): Promise<Paper[]> {
    const url = this.url('/works');
    url.searchParams.set('query.bibliographic', title);
    url.searchParams.set('rows', String(rows));
    const res = await getJson(url, this.request(signal));
    const items = (res.body as Json | undefined)?.message?.items;
    if (!Array.isArray(items)) throw new LookupError('Crossref answered without a work list');
    return items.map(crossrefPaper).filter((p): p is Paper => p !== undefined);
  }

  private url(path: string): URL {
    const url = new URL(this.o.apiUrl.replace(/\/+$/, '') + path);
    if (this.o.mailto) url.searchParams.set('mailto', this.o.mailto);
    return url;
  }

  private request(signal?: AbortSignal) {
    const agent = `paperbot (lab paper bot${this.o.mailto ? `; mailto:${this.o.mailto}` : ''})`;
    return { timeoutMs: this.o.timeoutMs ?? 10_000, headers: { 'user-agent': agent }, fetch: this.o.fetch, signal };
  }
}

/**
 * A Crossref work (the `message` of /works/{doi}, or an item of /works) as a Paper: DOI, title, authors ("given
 * family"), container title as venue, the issued date (day, month or year, as precise as Crossref gives it), and
 * the abstract with its JATS tags removed. Undefined for a work without a title.
 */
export function crossrefPaper(work: Json): Paper | undefined {
  const title = Array.isArray(work.title) ? work.title[0] : work.title;
  const authors = (Array.isArray(work.author) ? work.author : [])
    .map((a: Json) => (a.name ?? [a.given, a.family].filter(Boolean).join(' ')) as string)
    .filter((n: string) => n && n.trim());
  const parts: number[] | undefined = (work.issued ?? work['published-print'] ?? work['published-online'] ?? work.published)?.['date-parts']?.[0];
  const [y, m, d] = Array.isArray(parts) ? parts : [];
  const date = y && m && d ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : undefined;
  const venue = Array.isArray(work['container-title']) ? work['container-title'][0] : undefined;
  const paper = finishPaper(
    {
      doi: typeof work.DOI === 'string' ? work.DOI : undefined,
      title: typeof title === 'string' ? title : undefined,
      authors,
      abstract: typeof work.abstract === 'string' ? work.abstract.replace(/<[^>]+>/g, ' ') : undefined,
      venue: typeof venue === 'string' ? venue : undefined,
      date,
      year: date ? undefined : y,
    },
    { file: 'crossref' },
  );
  return typeof paper === 'string' ? undefined : paper;
}
