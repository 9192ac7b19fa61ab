// Loopback stand-ins for the arXiv API (real Atom from ../shared), Crossref and OpenReview (hand-written JSON), recording requests.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** arXiv's real captured response (10 entries, search_query=all:science): read by path, never copied. */
export const ARXIV_FIXTURE = '../shared/data/external/arxiv-api-format/arxiv_api_query_all_science_max10_2019-08-10.xml';
export const ARXIV_ERROR_FIXTURE = '../shared/data/external/arxiv-api-format/api_user_manual_example_error.xml';
export const haveArxivFixture = existsSync(ARXIV_FIXTURE);

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** The fixture feed with only the entries whose ids are listed (how id_list answers), or all of them. */
export function arxivFeed(ids?: string[]): string {
  const xml = readFileSync(ARXIV_FIXTURE, 'utf8');
  if (!ids) return xml;
  const [head, ...entries] = xml.split('<entry>');
  const tail = entries.length ? entries[entries.length - 1].slice(entries[entries.length - 1].indexOf('</entry>') + '</entry>'.length) : '';
  const kept = entries.map((e) => e.slice(0, e.indexOf('</entry>') + '</entry>'.length)).filter((e) => ids.some((id) => e.includes(`/abs/${id}v`)));
  return `${head}${kept.map((e) => `<entry>${e}`).join('\n')}${tail}`;
}

export interface Recorded {
  service: 'arxiv' | 'crossref' | 'openreview';
  url: URL;
  at: number;
}

/** One server, three services: /arxiv/api/query, /crossref/works[/doi], /openreview/notes. */
export class LookupServers {
  readonly requests: Recorded[] = [];
  /** Services that answer HTTP 500 (or never, with `hang`). */
  failing = new Map<Recorded['service'], 'error' | 'hang'>();
  /** Crossref title searches: the answer per `query.bibliographic` (default: no items). */
  crossrefSearch = new Map<string, string>();
  private server?: Server;
  base = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const service = url.pathname.split('/')[1] as Recorded['service'];
      this.requests.push({ service, url, at: Date.now() });
      const mode = this.failing.get(service);
      if (mode === 'hang') return;
      if (mode === 'error') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('upstream trouble');
      }
      const json = (status: number, body: string) => (res.writeHead(status, { 'content-type': 'application/json' }), res.end(body));
      if (service === 'arxiv') {
        const idList = url.searchParams.get('id_list');
        res.writeHead(200, { 'content-type': 'application/atom+xml' });
        return res.end(arxivFeed(idList ? idList.split(',') : undefined));
      }
      if (service === 'crossref') {
        const doi = decodeURIComponent(url.pathname.replace(/^\/crossref\/works\/?/, ''));
        if (doi) return doi === '10.1145/3319535.3354211' ? json(200, fixture('crossref-work.json')) : json(404, '{"status":"error","message":"Resource not found."}');
        const q = url.searchParams.get('query.bibliographic') ?? '';
        const answer = this.crossrefSearch.get(q);
        return json(200, answer ?? '{"status":"ok","message-type":"work-list","message":{"total-results":0,"items":[]}}');
      }
      if (service === 'openreview') {
        return url.searchParams.get('id') === 'rJ4km2R5t7' ? json(200, fixture('openreview-note.json')) : json(200, '{"notes":[],"count":0}');
      }
      json(404, '{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get env(): Record<string, string> {
    return { ARXIV_API_URL: `${this.base}/arxiv/api/query`, CROSSREF_API_URL: `${this.base}/crossref`, OPENREVIEW_API_URL: `${this.base}/openreview`, CROSSREF_MAILTO: 'lab@example.org' };
  }

  of(service: Recorded['service']): Recorded[] {
    return this.requests.filter((r) => r.service === service);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
