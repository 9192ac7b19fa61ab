// Posting digests to Slack: retry only what Slack certainly did not post, with bounded backoff.
import { webApi } from '@slack/bolt';
import type { Sleep } from '../feeds/clock.ts';
import { classifySlackError, type SlackFailure } from '../slack/failure.ts';

export class PostError extends Error {
  constructor(
    readonly failure: SlackFailure,
    readonly attempts: number,
  ) {
    super(`Slack post failed after ${attempts} attempt(s): ${failure.code} (${failure.detail})`);
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 4. */
  attempts: number;
  /** First backoff after a refused connection, doubled each time (plus up to 20% jitter). Default 2000 ms. */
  baseDelayMs: number;
  /** Longest single wait, also the cap on a Retry-After; a longer Retry-After gives up (the run fails retryably). Default 120000 ms. */
  maxDelayMs: number;
  /** Injectable wait, so tests run without real delays. */
  sleep: Sleep;
}

/** Defaults for RetryPolicy, merged in one place. */
export const DEFAULT_RETRY: Omit<RetryPolicy, 'sleep'> = { attempts: 4, baseDelayMs: 2000, maxDelayMs: 120_000 };

/**
 * Runs `call` until it succeeds, fails, or runs out of attempts (then throws PostError).
 * Only failures where Slack certainly did not post are retried (classifySlackError's `retryable`): a 429 waits
 * Slack's Retry-After (https://docs.slack.dev/apis/web-api/rate-limits), a refused connection backs off
 * exponentially. A 5xx, a reset or a timeout may have posted, so it is never retried: a repost could show the
 * digest twice. The WebClient must not retry on its own (see digestWebClient), or the bound here is meaningless.
 */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, onRetry?: (f: SlackFailure, attempt: number, waitMs: number) => void, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const failure = classifySlackError(err);
      const wait = retryWait(failure, attempt, policy);
      if (wait === undefined) throw new PostError(failure, attempt);
      onRetry?.(failure, attempt, wait);
      await policy.sleep(wait, signal);
    }
  }
}

/**
 * How long to wait before trying again after `failure` on attempt `attempt`, or undefined when it must not be retried:
 * not retryable, out of attempts, or Slack asks for a longer wait than the policy allows.
 */
export function retryWait(failure: SlackFailure, attempt: number, policy: Omit<RetryPolicy, 'sleep'>): number | undefined {
  if (!failure.retryable || attempt >= policy.attempts) return undefined;
  const wait = failure.retryAfter !== undefined ? failure.retryAfter * 1000 : Math.round(policy.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2));
  return wait > policy.maxDelayMs ? undefined : wait;
}

/** Longest a digest's Slack call may take before it counts as a timeout (the post's outcome is then unknown). */
export const DIGEST_CALL_TIMEOUT_MS = 15_000;

/**
 * A WebClient for digests: same token and API URL as the app, no hidden retries (see withRetry), 429s rejected at
 * once so withRetry sees them, and a timeout, so a hung connection can't stall a channel's digests or shutdown.
 */
export function digestWebClient(token: string | undefined, apiUrl: string | undefined, timeoutMs = DIGEST_CALL_TIMEOUT_MS): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: timeoutMs });
}
