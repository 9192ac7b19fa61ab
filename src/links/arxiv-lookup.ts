// arXiv lookups through the shared client: papers by id (`id_list=`) and by title (`ti:"…"`).
import type { ArxivClient } from '../feeds/arxiv-client.ts';
import { parseArxivAtom } from '../papers/formats/arxiv-atom.ts';
import type { Paper } from '../papers/paper.ts';
import { LookupError } from './http-json.ts';

/** The papers arXiv has for these ids (absent ids are simply not in the answer). Throws LookupError when it cannot answer. */
export async function arxivByIds(client: ArxivClient, ids: string[], signal?: AbortSignal): Promise<Paper[]> {
  return query(client, { id_list: ids.join(','), max_results: String(ids.length) }, signal);
}

/** arXiv's best matches for a title, as a phrase in the title field (words only: quotes and colons are query syntax). */
export async function arxivByTitle(client: ArxivClient, title: string, rows = 5, signal?: AbortSignal): Promise<Paper[]> {
  const words = title.replace(/[^\p{L}\p{N}\s-]+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (!words) return [];
  return query(client, { search_query: `ti:"${words}"`, start: '0', max_results: String(rows) }, signal);
}

async function query(client: ArxivClient, params: Record<string, string>, signal?: AbortSignal): Promise<Paper[]> {
  let res;
  try {
    res = await client.get(params, signal);
  } catch (err) {
    throw new LookupError(`arXiv request failed: ${(err as Error)?.message ?? err}`);
  }
  const parsed = parseArxivAtom(res.body, res.url);
  // The API reports a malformed id as an error entry (HTTP 400 and an entry under arxiv.org/api/errors).
  if (!res.ok && parsed.papers.length === 0) {
    if (res.status === 400 && parsed.issues.some((i) => /arXiv API error/.test(i.message))) return [];
    throw new LookupError(`arXiv answered HTTP ${res.status}`);
  }
  if (parsed.papers.length === 0 && parsed.issues.some((i) => /invalid XML|not an Atom feed/.test(i.message))) throw new LookupError(`arXiv answered something that is not Atom`);
  return parsed.papers;
}
