// GET a JSON document with a timeout: the one HTTP helper of the Crossref and OpenReview clients.

/** A lookup that could not be answered (network, timeout, HTTP 5xx, a body that is not the API's JSON). */
export class LookupError extends Error {
  readonly code = 'lookup_failed';
}

export interface JsonResponse {
  status: number;
  /** The parsed body; undefined for 404 (the service has no such record). */
  body?: unknown;
}

/** GETs `url`; a 404 is an answer (`body` undefined), every other failure a LookupError. */
export async function getJson(url: URL, opts: { timeoutMs: number; headers?: Record<string, string>; fetch?: typeof fetch; signal?: AbortSignal }): Promise<JsonResponse> {
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await (opts.fetch ?? fetch)(url, { signal, headers: { accept: 'application/json', ...opts.headers } });
    text = await res.text();
  } catch (err) {
    const name = (err as Error)?.name;
    throw new LookupError(name === 'TimeoutError' ? `timed out after ${opts.timeoutMs} ms` : `request failed: ${(err as Error)?.message ?? err}`);
  }
  if (res.status === 404) return { status: 404 };
  if (!res.ok) throw new LookupError(`HTTP ${res.status}`);
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    throw new LookupError(`HTTP ${res.status} with a body that is not JSON`);
  }
}
