// One classifier for every failed Slack call: what it was, whether Slack certainly did not act, and what to do next.
import { MultipleListenerError, RespondError, webApi } from '@slack/bolt';
import { scrubSecrets } from '../log.ts';
import { isStoreUnavailable } from '../store/errors.ts';

/** What went wrong, in a form callers act on without parsing strings. */
export interface SlackFailure {
  /**
   * Machine code for the log: a Slack error (`not_in_channel`), `ratelimited`, `http_<status>`, `timeout`,
   * `connection_refused`, `network`, or `internal` (our own bug).
   */
  code: string;
  /** Seconds from Slack's Retry-After, when rate-limited. */
  retryAfter?: number;
  /** True for bugs (not Slack refusing): the log line gets the stack. */
  internal: boolean;
  /**
   * Slack certainly did not act on the call: it answered ok:false or 429, or the connection was refused (or the
   * host not found) before anything was sent. False after a 5xx, a reset or a timeout: a post may have landed.
   */
  certainlyNotDone: boolean;
  /** Worth trying again by itself: only failures that are certainly not done and may pass (429, a refused connection). */
  retryable: boolean;
  /** The channel's people must fix it (invite the bot, unarchive): a digest pauses. */
  pause: boolean;
  /** Scrubbed error message for the log. */
  detail: string;
}

/**
 * Errors that will not go away by retrying, and that the channel's people can fix.
 * Codes: https://docs.slack.dev/reference/methods/chat.postMessage#errors
 */
export const PAUSING_ERRORS: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** ok:false codes that say "slow down": nothing was done, and a later try may work. */
const RATE_LIMIT_CODES: ReadonlySet<string> = new Set(['ratelimited', 'rate_limited']);

/**
 * Socket errors raised before a request was sent (no connection, no such host): Slack never saw it. A reset or a
 * timeout is different, since the request may have been received.
 */
const NOT_SENT_SOCKET_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const TIMEOUT_SOCKET_CODES: ReadonlySet<string> = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** The socket-level code under a WebClient request error (axios puts it on the error or its cause). */
function socketCode(err: webApi.WebAPIRequestError): string | undefined {
  const o = err.original as { code?: string; cause?: { code?: string } } | undefined;
  return o?.code ?? o?.cause?.code;
}

/** Classifies an error from the WebClient, respond(), or our own code. */
export function classifySlackError(err: unknown): SlackFailure {
  const detail = scrubSecrets(String((err as { message?: string })?.message ?? err));
  const base = { internal: false, detail, pause: false };
  // Bolt wraps listener errors when several fail at once; the first one speaks for all.
  if (err instanceof MultipleListenerError && err.originals.length) return classifySlackError(err.originals[0]);
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return { ...base, code: 'ratelimited', retryAfter: err.retryAfter, certainlyNotDone: true, retryable: true };
  }
  if (err instanceof RespondError) {
    const status = err.statusCode;
    if (status === 429) return { ...base, code: 'ratelimited', certainlyNotDone: true, retryable: true };
    return { ...base, code: status ? `http_${status}` : 'network', certainlyNotDone: false, retryable: false };
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data?.error ?? 'unknown_error';
    return { ...base, code, pause: PAUSING_ERRORS.has(code), certainlyNotDone: true, retryable: RATE_LIMIT_CODES.has(code) };
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    const status = err.statusCode;
    // A 4xx is a refusal; a 5xx may come from a proxy after Slack acted, so it is not "certainly not done".
    return { ...base, code: `http_${status}`, certainlyNotDone: status < 500, retryable: false };
  }
  if (err instanceof webApi.WebAPIRequestError) {
    const socket = socketCode(err);
    if (socket && NOT_SENT_SOCKET_CODES.has(socket)) return { ...base, code: 'connection_refused', certainlyNotDone: true, retryable: true };
    if ((socket && TIMEOUT_SOCKET_CODES.has(socket)) || /timeout/i.test(detail)) return { ...base, code: 'timeout', certainlyNotDone: false, retryable: false };
    return { ...base, code: 'network', certainlyNotDone: false, retryable: false };
  }
  // Not Slack's: the bot's database is down or locked. Nothing was posted; the person can simply try again.
  if (isStoreUnavailable(err)) return { ...base, code: 'database_unavailable', certainlyNotDone: true, retryable: false };
  return { ...base, code: 'internal', internal: true, certainlyNotDone: true, retryable: false };
}
