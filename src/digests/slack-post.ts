// Posting to Slack for digests: classify each failure, retry the transient ones with bounded backoff.
import { webApi } from '@slack/bolt';
import { scrubSecrets } from '../log.ts';
import type { Sleep } from '../feeds/clock.ts';

/**
 * Errors that will not go away by retrying, and that the channel's people can fix: the digest pauses and
 * its creator is told. Codes from https://docs.slack.dev/reference/methods/chat.postMessage#errors
 */
export const PAUSING_ERRORS: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Slack answered ok:false with these, but says to try again later. */
const TRANSIENT_PLATFORM_ERRORS: ReadonlySet<string> = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export interface PostFailure {
  /** Slack error code, `ratelimited`, `http_<status>` or `network`. */
  code: string;
  /** The subscription should pause (see PAUSING_ERRORS). */
  pause: boolean;
  /**
   * Slack certainly did not post (it answered ok:false or 429), so a later attempt cannot double-post.
   * False after 5xx or network errors: the message may have landed.
   */
  definitelyNotPosted: boolean;
  /** Worth retrying now; `waitMs` from Retry-After when Slack gave one. */
  transient: boolean;
  waitMs?: number;
  detail: string;
}

/** Reads a WebClient error (or anything thrown) into a PostFailure. */
export function classifyPostError(err: unknown): PostFailure {
  const e = (err ?? {}) as { code?: string; message?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  const detail = scrubSecrets(String(e.message ?? err));
  if (e.code === webApi.ErrorCode.RateLimitedError) {
    return { code: 'ratelimited', pause: false, definitelyNotPosted: true, transient: true, waitMs: (e.retryAfter ?? 30) * 1000, detail };
  }
  if (e.code === webApi.ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    return { code, pause: PAUSING_ERRORS.has(code), definitelyNotPosted: true, transient: TRANSIENT_PLATFORM_ERRORS.has(code), detail };
  }
  if (e.code === webApi.ErrorCode.HTTPError) {
    const status = e.statusCode ?? 0;
    return { code: `http_${status}`, pause: false, definitelyNotPosted: status < 500, transient: status >= 500, detail };
  }
  if (e.code === webApi.ErrorCode.RequestError) return { code: 'network', pause: false, definitelyNotPosted: false, transient: true, detail };
  return { code: 'internal', pause: false, definitelyNotPosted: true, transient: false, detail };
}

export class PostError extends Error {
  constructor(
    readonly failure: PostFailure,
    readonly attempts: number,
  ) {
    super(`Slack post failed after ${attempts} attempt(s): ${failure.code} (${failure.detail})`);
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 4. */
  attempts: number;
  /** First backoff after a 5xx or network error, doubled each time (plus up to 20% jitter). Default 2000 ms. */
  baseDelayMs: number;
  /** Longest single wait, also the cap on a Retry-After; a longer Retry-After gives up (the run fails retryably). Default 120000 ms. */
  maxDelayMs: number;
  /** Injectable wait, so tests run without real delays. */
  sleep: Sleep;
}

/**
 * Runs `call` until it succeeds, fails permanently, or runs out of attempts (then throws PostError).
 * 429: waits Slack's Retry-After (https://docs.slack.dev/apis/web-api/rate-limits). 5xx/network: exponential backoff.
 * The WebClient must not retry on its own (retryConfig {retries: 0}, rejectRateLimitedCalls: true), or the bound here is meaningless.
 */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, onRetry?: (f: PostFailure, attempt: number, waitMs: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const failure = classifyPostError(err);
      const wait = failure.waitMs ?? Math.round(policy.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2));
      if (!failure.transient || attempt >= policy.attempts || wait > policy.maxDelayMs) throw new PostError(failure, attempt);
      onRetry?.(failure, attempt, wait);
      await policy.sleep(wait);
    }
  }
}

/** A WebClient for digests: same token and API URL as the app, but no hidden retries (see withRetry). */
export function digestWebClient(token: string | undefined, apiUrl: string | undefined): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}
