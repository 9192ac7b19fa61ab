// OpenReview's API (api2.openreview.net, and the older api.openreview.net shape): a forum's paper as a Paper.
import { finishPaper } from '../papers/paper-draft.ts';
import type { Paper } from '../papers/paper.ts';
import { getJson, LookupError } from './http-json.ts';

export interface OpenReviewOptions {
  /** OPENREVIEW_API_URL. Default https://api2.openreview.net. */
  apiUrl: string;
  /** Per-request timeout. Default 10000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Json = Record<string, any>;

export class OpenReviewClient {
  constructor(private readonly o: OpenReviewOptions) {}

  /** The paper of forum `id` (GET /notes?id=…), or undefined when there is no such note. */
  async forum(id: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const url = new URL(`${this.o.apiUrl.replace(/\/+$/, '')}/notes`);
    url.searchParams.set('id', id);
    const res = await getJson(url, { timeoutMs: this.o.timeoutMs ?? 10_000, fetch: this.o.fetch, signal });
    if (!res.body) return undefined;
    const notes = (res.body as Json).notes;
    if (!Array.isArray(notes)) throw new LookupError('OpenReview answered without notes');
    const note = notes.find((n: Json) => n?.id === id || n?.forum === id) ?? notes[0];
    return note ? openreviewPaper(note, id) : undefined;
  }
}

/** API 2 wraps every content field as `{ value }`; API 1 gives the value itself. */
function value(field: unknown): unknown {
  return field && typeof field === 'object' && !Array.isArray(field) && 'value' in field ? (field as Json).value : field;
}

/**
 * A note as a Paper, id `openreview:<forum id>`: title, authors, abstract, venue ("ICLR 2019 Conference Paper"),
 * the publication date (pdate, else the creation date cdate, both epoch ms), the forum page and its PDF.
 */
export function openreviewPaper(note: Json, id = String(note.forum ?? note.id)): Paper | undefined {
  const c = (note.content ?? {}) as Json;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const authors = value(c.authors);
  const when = Number(note.pdate ?? note.cdate ?? note.tcdate);
  const paper = finishPaper(
    {
      ownId: `openreview:${id}`,
      title: str(value(c.title)),
      authors: Array.isArray(authors) ? authors.filter((a): a is string => typeof a === 'string') : [],
      abstract: str(value(c.abstract)),
      venue: str(value(c.venue)),
      date: Number.isFinite(when) && when > 0 ? new Date(when).toISOString() : undefined,
      url: `https://openreview.net/forum?id=${encodeURIComponent(id)}`,
      pdf: `https://openreview.net/pdf?id=${encodeURIComponent(id)}`,
    },
    { file: 'openreview' },
  );
  return typeof paper === 'string' ? undefined : paper;
}
