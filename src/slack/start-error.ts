// Turns a failed start (auth.test, the Socket Mode connection, the HTTP port) into what was tried, what it means, and what to check.
import { webApi } from '@slack/bolt';
import { scrubSecrets } from '../log.ts';

/** Slack's default Web API base, when SLACK_API_URL is not set. */
const SLACK_API = 'https://slack.com/api/';

/** A start that failed for a reason the person starting the bot can fix; `message` says which. */
export class StartError extends Error {
  readonly code = 'start_failed';
}

const TOKEN_CODES: Record<string, string> = {
  invalid_auth: 'Slack does not accept the token',
  not_authed: 'no token was sent',
  account_inactive: 'the token belongs to a deleted user or an uninstalled app',
  token_revoked: 'the token was revoked',
  token_expired: 'the token expired',
  not_allowed_token_type: 'the token is the wrong kind',
};

/**
 * `step`: what was tried (`auth.test` with SLACK_BOT_TOKEN, `apps.connections.open` with SLACK_APP_TOKEN, or
 * `listen` on PORT). The message never contains a token.
 */
export function slackStartError(err: unknown, step: 'auth.test' | 'apps.connections.open' | 'listen', apiUrl?: string, port?: number): StartError {
  const url = `${apiUrl ?? SLACK_API}${(apiUrl ?? SLACK_API).endsWith('/') ? '' : '/'}${step}`;
  const raw = scrubSecrets(String((err as Error)?.message ?? err));
  const sys = (err as { code?: string })?.code;
  if (step === 'listen') {
    const why = sys === 'EADDRINUSE' ? `port ${port} is already in use (another paperbot?)` : raw;
    return new StartError(`paperbot could not listen on PORT=${port}: ${why}. Stop the other process or set another PORT.`);
  }
  const token = step === 'auth.test' ? 'SLACK_BOT_TOKEN (OAuth & Permissions → Bot User OAuth Token, xoxb-…)' : 'SLACK_APP_TOKEN (Basic Information → App-Level Tokens, scope connections:write, xapp-…)';
  const platform = err instanceof webApi.WebAPIPlatformError ? err.data.error : /An API error occurred: (\w+)/.exec(raw)?.[1];
  if (platform) {
    const meaning = TOKEN_CODES[platform] ?? `Slack answered "${platform}"`;
    return new StartError(`Slack refused ${step} at ${url}: ${platform} — ${meaning}. Check ${token}; reinstall the app to workspace if it was revoked.`);
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    return new StartError(`${step} at ${url} answered HTTP ${err.statusCode}. Check SLACK_API_URL${apiUrl ? ` (now ${apiUrl})` : ''}, or try again if Slack is having trouble (https://slack-status.com).`);
  }
  // fetch failed, ECONNREFUSED, ENOTFOUND, a timeout: the network or the URL.
  return new StartError(
    `Could not reach Slack's Web API: ${step} at ${url} failed (${raw}). Check the network (a proxy or firewall?)${apiUrl ? `, and SLACK_API_URL (now ${apiUrl})` : ''}; the token was not checked.`,
  );
}
