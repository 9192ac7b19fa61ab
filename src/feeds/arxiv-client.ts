// The one arXiv API client: every request (the daily poll, link lookups by id_list, title searches) waits its turn.
import type { Clock, Sleep } from './clock.ts';

export interface ArxivClientOptions {
  /** ARXIV_API_URL. Default https://export.arxiv.org/api/query. */
  apiUrl: string;
  /** Least time between two requests. Default 3000 ms: the arXiv API manual asks for "a 3 second delay" between calls. */
  requestGapMs?: number;
  /** Per-request timeout, body included. Default 30000 ms. */
  timeoutMs?: number;
  clock: Clock;
  sleep: Sleep;
  /** Injectable for tests. Default global fetch. */
  fetch?: typeof fetch;
}

export interface ArxivResponse {
  ok: boolean;
  status: number;
  body: string;
}

/**
 * Requests go out one at a time, at least `requestGapMs` apart, whoever makes them: the poller and a burst of shared
 * links share one gap, so the process as a whole keeps arXiv's rule. `stop()` ends waits and requests at once.
 */
export class ArxivClient {
  private lastRequestAt?: number;
  /** The end of the queue: each request waits for the one before it (its gap included). */
  private tail: Promise<void> = Promise.resolve();
  private abort = new AbortController();

  constructor(private readonly o: ArxivClientOptions) {}

  get apiUrl(): string {
    return this.o.apiUrl;
  }

  /** GET the API with these query parameters. Rejects on a network error, a timeout, `signal` or stop(). */
  async get(params: Record<string, string>, signal?: AbortSignal): Promise<ArxivResponse & { url: string }> {
    const url = new URL(this.o.apiUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const stop = signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
    const turn = this.tail.then(() => this.waitGap(stop));
    this.tail = turn.catch(() => undefined);
    await turn;
    // One timeout over the whole exchange, body included (undici aborts the body stream with the signal): a server
    // that sends headers and then stalls can't hold a poll, a lookup, or shutdown, forever.
    const all = AbortSignal.any([stop, AbortSignal.timeout(this.o.timeoutMs ?? 30_000)]);
    const res = await (this.o.fetch ?? fetch)(url, { signal: all, headers: { 'user-agent': 'paperbot (lab paper digests and link previews)' } });
    return { ok: res.ok, status: res.status, body: await res.text(), url: url.toString() };
  }

  /** Ends waits and requests in flight (shutdown); a later get() works again. */
  stop(): void {
    this.abort.abort();
    this.abort = new AbortController();
  }

  private async waitGap(signal: AbortSignal): Promise<void> {
    const gap = this.o.requestGapMs ?? 3000;
    if (this.lastRequestAt !== undefined) {
      const wait = this.lastRequestAt + gap - this.o.clock.now().getTime();
      // Given the signal, a real sleep clears its timer (a stopped process must not be kept alive for the rest of the
      // gap); the race ends the wait even for an injected sleep that ignores it.
      if (wait > 0) await Promise.race([this.o.sleep(wait, signal), aborted(signal)]);
    }
    signal.throwIfAborted();
    this.lastRequestAt = this.o.clock.now().getTime();
  }
}

/** Settles (rejecting) when `signal` aborts: lets a wait be cut short by shutdown. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
