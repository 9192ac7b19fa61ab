// Turns any error a listener throws into what the user is told and what the log records (one place for both).
import { ErrorCode as BoltErrorCode, webApi } from '@slack/bolt';
import { scrubSecrets } from '../log.ts';

/** What went wrong, in a form the error boundary can act on without parsing strings. */
export interface Failure {
  /** Machine code for the log: a Slack error (`not_in_channel`), `ratelimited`, `slack_unreachable` or `internal`. */
  code: string;
  /** A short sentence for the user (mrkdwn-safe: contains no user input). */
  userText: string;
  /** Seconds from Slack's Retry-After, when rate-limited. */
  retryAfter?: number;
  /** True for bugs (not Slack refusing): the log line gets the stack. */
  internal: boolean;
  /** Scrubbed error message for the log. */
  detail: string;
}

/** Slack error codes users can act on, with what to tell them. Codes: https://docs.slack.dev/reference/methods/chat.postMessage#errors */
const WebErrorCode = webApi.ErrorCode;

const PLATFORM_TEXT: Record<string, string> = {
  not_in_channel: "I'm not in that channel — `/invite @paperbot` there and try again.",
  channel_not_found: "I can't see that channel. If it's private, `/invite @paperbot` there first.",
  is_archived: 'That channel is archived, so I can\'t post there.',
  restricted_action: "This workspace doesn't let me post there.",
  msg_too_long: 'That answer was too long for Slack — try a narrower query.',
  invalid_blocks: 'Slack refused to show that answer — try a narrower query.',
  missing_scope: "I'm missing a Slack permission for that; ask whoever installed me to reinstall the app.",
  not_authed: "My Slack token isn't working; ask whoever installed me to check it.",
  invalid_auth: "My Slack token isn't working; ask whoever installed me to check it.",
  account_inactive: "My Slack token isn't working; ask whoever installed me to check it.",
  user_not_in_channel: "You're not in that channel, so I can't show you a private answer there.",
};

/** Classifies an error from the WebClient, respond(), or our own code. */
export function describeFailure(err: unknown): Failure {
  const e = (err ?? {}) as { code?: string; message?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; original?: unknown };
  const detail = scrubSecrets(String(e.message ?? err));
  // Bolt wraps listener errors when several fail at once; the first one speaks for all.
  if (e.code === BoltErrorCode.MultipleListenerError && Array.isArray((err as { originals?: unknown[] }).originals)) {
    return describeFailure((err as { originals: unknown[] }).originals[0]);
  }
  if (e.code === WebErrorCode.RateLimitedError || (e.code === BoltErrorCode.RespondError && e.statusCode === 429)) {
    const secs = typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
    return { code: 'ratelimited', retryAfter: secs, internal: false, detail, userText: `Slack is rate-limiting me, try again in ${secs ?? 30} s.` };
  }
  if (e.code === WebErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    return { code, internal: false, detail, userText: PLATFORM_TEXT[code] ?? `Slack refused that (\`${code}\`). Try again in a moment.` };
  }
  if (e.code === WebErrorCode.RequestError || e.code === WebErrorCode.HTTPError || e.code === BoltErrorCode.RespondError) {
    return { code: 'slack_unreachable', internal: false, detail, userText: "I couldn't reach Slack just now — try again in a moment." };
  }
  return { code: 'internal', internal: true, detail, userText: 'Something went wrong on my side; it has been logged. Try again, or `/paper help`.' };
}
