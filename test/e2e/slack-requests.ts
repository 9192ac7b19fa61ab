// Builds Slack's request bodies (slash command form, Events API JSON, block_actions form) and signs them like Slack.
//
// Signing: https://docs.slack.dev/authentication/verifying-requests-from-slack — HMAC-SHA256 with the signing
// secret over `v0:{X-Slack-Request-Timestamp}:{raw body}`, sent as `X-Slack-Signature: v0={hex}`.
import { createHmac } from 'node:crypto';

export const TEAM = 'T0TEST';
export const USER = 'U0ALICE';
export const CHANNEL = 'C0GENERAL';

export interface SlackRequest {
  body: string;
  contentType: string;
}

export function signature(secret: string, body: string, ts: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

/** POSTs a signed request; `forge` sends a signature made with the wrong secret, `ts` overrides the timestamp. */
export async function post(url: string, secret: string, req: SlackRequest, opts: { headers?: Record<string, string>; forge?: boolean; ts?: number } = {}): Promise<Response> {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': req.contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature(opts.forge ? `${secret}-not` : secret, req.body, ts),
      ...opts.headers,
    },
    body: req.body,
  });
}

/** A slash command as Slack posts it (application/x-www-form-urlencoded). */
export function slashCommand(text: string, responseUrl: string, over: Record<string, string> = {}): SlackRequest {
  const fields = { token: 'legacy', team_id: TEAM, team_domain: 'lab', channel_id: CHANNEL, channel_name: 'general', user_id: USER, user_name: 'alice', command: '/paper', text, api_app_id: 'A0PAPER', response_url: responseUrl, trigger_id: '1.2.3', ...over };
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

let eventCounter = 0;

/** An Events API event_callback envelope (JSON). */
export function eventCallback(event: Record<string, unknown>, eventId = `Ev${Date.now()}${++eventCounter}`): SlackRequest & { eventId: string } {
  const body = { token: 'legacy', team_id: TEAM, api_app_id: 'A0PAPER', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000), event, authorizations: [{ team_id: TEAM, user_id: 'UPAPERBOT', is_bot: true }] };
  return { body: JSON.stringify(body), contentType: 'application/json', eventId };
}

export interface Button {
  action_id: string;
  block_id: string;
  value: string;
  text: { type: 'plain_text'; text: string };
}

/** Every button in a message's blocks. */
export function buttonsOf(blocks: unknown[] | undefined): Button[] {
  return (blocks ?? []).flatMap((b: any) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []).filter((e: any) => e?.type === 'button').map((e: any) => ({ ...e, block_id: b.block_id })));
}

let clickCounter = 0;

/**
 * A block_actions payload (form field `payload`). Like Slack, clicks on an ephemeral message carry no
 * `message`, only the container; pass `message` to simulate a click on a public message. Each call is a new click
 * (its own trigger_id and action_ts), as in Slack: the bot answers one trigger_id once.
 */
export function blockActions(button: Button, responseUrl: string, opts: { channel?: string; user?: string; ephemeral?: boolean; message?: unknown } = {}): SlackRequest {
  clickCounter += 1;
  const channel = opts.channel ?? CHANNEL;
  const ephemeral = opts.ephemeral ?? true;
  const payload = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'lab' },
    user: { id: opts.user ?? USER, username: 'alice', team_id: TEAM },
    api_app_id: 'A0PAPER',
    token: 'legacy',
    container: { type: 'message', message_ts: '1700000000.000200', channel_id: channel, is_ephemeral: ephemeral },
    trigger_id: `4.5.${clickCounter}`,
    channel: { id: channel, name: 'general' },
    ...(ephemeral ? {} : { message: opts.message ?? { type: 'message', ts: '1700000000.000200', text: 'x' } }),
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: button.action_id, block_id: button.block_id, value: button.value, text: button.text, action_ts: `1700000000.${String(clickCounter).padStart(6, '0')}` }],
  };
  return { body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: 'application/x-www-form-urlencoded' };
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
