// What a user is told when their request failed, per Slack error code (no user input in here, so nothing to escape).

/** Slack error codes users can act on. Codes: https://docs.slack.dev/reference/methods/chat.postMessage#errors */
const PLATFORM_TEXT: Record<string, string> = {
  not_in_channel: "I'm not in that channel — `/invite @paperbot` there and try again.",
  channel_not_found: "I can't see that channel. If it's private, `/invite @paperbot` there first.",
  is_archived: "That channel is archived, so I can't post there.",
  restricted_action: "This workspace doesn't let me post there.",
  msg_too_long: 'That answer was too long for Slack — try a narrower query.',
  invalid_blocks: 'Slack refused to show that answer — try a narrower query.',
  missing_scope: "I'm missing a Slack permission for that; ask whoever installed me to reinstall the app.",
  not_authed: "My Slack token isn't working; ask whoever installed me to check it.",
  invalid_auth: "My Slack token isn't working; ask whoever installed me to check it.",
  account_inactive: "My Slack token isn't working; ask whoever installed me to check it.",
  user_not_in_channel: "You're not in that channel, so I can't show you a private answer there.",
};

const UNREACHABLE = new Set(['network', 'timeout', 'connection_refused']);

/** The sentence for a failure classified by classifySlackError (src/slack/failure.ts). */
export function failureText(f: { code: string; retryAfter?: number; internal: boolean }): string {
  if (f.code === 'ratelimited') return `Slack is rate-limiting me, try again in ${f.retryAfter ?? 30} s.`;
  if (f.code === 'database_unavailable') return "My database isn't answering right now, so I can't do that; search still works. Try again in a minute.";
  if (f.internal) return 'Something went wrong on my side; it has been logged. Try again, or `/paper help`.';
  if (UNREACHABLE.has(f.code) || f.code.startsWith('http_')) return "I couldn't reach Slack just now — try again in a moment.";
  return PLATFORM_TEXT[f.code] ?? `Slack refused that (\`${f.code}\`). Try again in a moment.`;
}
