// Checks a Slack HTTP request before Bolt sees it: a timestamp within 5 minutes either way, a valid signature, a body Bolt can handle.
//
// Why in front of Bolt: Bolt 5 rejects a timestamp more than 5 minutes old but accepts one from the future, so a
// request signed a day ahead runs (and can be replayed for a day). And a signed body that parses to `null`
// (`payload=null`, a JSON `null`) throws inside Bolt's request handler, where nothing answers it: the client waits
// for its own time-out. Bolt's own verification stays on behind this guard.
import { parse } from 'node:querystring';
import type { IncomingHttpHeaders } from 'node:http';
import { verifySlackRequest } from '@slack/bolt';

/** Slack's rule: a request more than 5 minutes from now is refused (https://docs.slack.dev/authentication/verifying-requests-from-slack). */
export const TIMESTAMP_WINDOW_S = 5 * 60;

export interface GuardInput {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  body: string;
  signingSecret: string;
  /** Now, in epoch milliseconds. */
  nowMs: number;
  /** Largest distance of the request's timestamp from now, either way. Default TIMESTAMP_WINDOW_S. */
  windowS?: number;
}

/** Pass the request on to Bolt, or answer it with `status` at once (`reason` is for the log, never for the caller). */
export type Verdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

export function checkRequest(input: GuardInput): Verdict {
  const contentType = input.headers['content-type'];
  // Bolt parses a body as a form only for exactly this content type, and as JSON otherwise: do the same.
  const form = contentType === 'application/x-www-form-urlencoded';
  // Slack's SSL check is unsigned by design; Bolt answers it without running anything.
  if (form && parse(input.body).ssl_check === '1') return { ok: true };

  const tsHeader = input.headers['x-slack-request-timestamp'];
  const ts = typeof tsHeader === 'string' && /^\d{1,12}$/.test(tsHeader) ? Number(tsHeader) : NaN;
  if (!Number.isFinite(ts)) return reject(401, 'no usable x-slack-request-timestamp');
  const skew = ts - Math.floor(input.nowMs / 1000);
  if (Math.abs(skew) > (input.windowS ?? TIMESTAMP_WINDOW_S)) return reject(401, `timestamp ${skew > 0 ? 'ahead of' : 'behind'} now by ${Math.abs(skew)} s`);
  const sig = input.headers['x-slack-signature'];
  try {
    verifySlackRequest({ signingSecret: input.signingSecret, body: input.body, headers: { 'x-slack-signature': typeof sig === 'string' ? sig : '', 'x-slack-request-timestamp': ts }, nowMilliseconds: input.nowMs });
  } catch {
    return reject(401, 'signature mismatch');
  }

  let body: unknown;
  try {
    body = parseBody(input.body, form);
  } catch {
    return reject(400, 'body does not parse');
  }
  const problem = shapeProblem(body);
  return problem ? reject(400, problem) : { ok: true };
}

/** Bolt's parse (HTTPModuleFunctions.parseHTTPRequestBody): a form's `payload` field is JSON, other forms are fields. */
function parseBody(raw: string, form: boolean): unknown {
  if (!form) return JSON.parse(raw);
  const fields = parse(raw);
  return typeof fields.payload === 'string' ? JSON.parse(fields.payload) : fields;
}

/**
 * What Bolt would trip over, or undefined. Bolt reads `body.ssl_check`, `body.type` and, for a button click, the
 * clicker and the channel before any middleware runs: a missing one is a TypeError there, answered 500 or not at all.
 */
function shapeProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}, not an object`;
  const b = body as Record<string, any>;
  if (b.type === 'event_callback' && (!b.event || typeof b.event !== 'object')) return 'event_callback without an event';
  if (b.type === 'block_actions') {
    // Someone clicked, always; in a message, which sits in a channel (a click in a view, App Home or a modal, has none).
    if (typeof b.user?.id !== 'string') return 'block_actions without a user';
    const inView = b.container?.type === 'view' || (b.view && typeof b.view === 'object');
    if (!inView && typeof (b.channel?.id ?? b.container?.channel_id) !== 'string') return 'block_actions without a channel';
    if (!Array.isArray(b.actions) || b.actions.length === 0 || !b.actions[0] || typeof b.actions[0] !== 'object') return 'block_actions without actions';
  }
  return undefined;
}

function reject(status: 400 | 401, reason: string): Verdict {
  return { ok: false, status, reason };
}
