// The request guard in front of Bolt: the timestamp window both ways, the signature, and body shapes Bolt trips over.
import { describe, expect, it } from 'vitest';
import { checkRequest, TIMESTAMP_WINDOW_S } from '../../src/slack/request-guard.ts';
import { signature } from '../e2e/slack-requests.ts';

const SECRET = 'guard-secret';
const NOW_MS = Date.UTC(2026, 0, 5, 9, 0, 0);
const nowS = NOW_MS / 1000;

function check(body: string, opts: { ts?: number; contentType?: string; secret?: string } = {}) {
  const ts = opts.ts ?? nowS;
  const headers = { 'content-type': opts.contentType ?? 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(opts.secret ?? SECRET, body, ts) };
  return checkRequest({ headers, body, signingSecret: SECRET, nowMs: NOW_MS });
}

const EVENT = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention' } });

describe('checkRequest', () => {
  it('accepts a timestamp up to 5 minutes from now either way, and refuses one second more (401)', () => {
    for (const skew of [-TIMESTAMP_WINDOW_S, 0, TIMESTAMP_WINDOW_S]) expect(check(EVENT, { ts: nowS + skew }), `skew ${skew}`).toEqual({ ok: true });
    for (const skew of [-TIMESTAMP_WINDOW_S - 1, TIMESTAMP_WINDOW_S + 1, 86_400]) expect(check(EVENT, { ts: nowS + skew }), `skew ${skew}`).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a missing or odd timestamp and a wrong signature (401) before looking at the body', () => {
    expect(checkRequest({ headers: { 'content-type': 'application/json' }, body: 'null', signingSecret: SECRET, nowMs: NOW_MS })).toMatchObject({ status: 401 });
    expect(checkRequest({ headers: { 'x-slack-request-timestamp': '1e9', 'x-slack-signature': 'v0=1' }, body: 'null', signingSecret: SECRET, nowMs: NOW_MS })).toMatchObject({ status: 401 });
    expect(check('null', { secret: 'someone-else' })).toMatchObject({ status: 401 });
  });

  it('lets Slack\'s unsigned ssl_check through to Bolt', () => {
    expect(checkRequest({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=x', signingSecret: SECRET, nowMs: NOW_MS })).toEqual({ ok: true });
  });

  it('answers 400 for signed bodies that are not objects, or that Bolt would read past', () => {
    const form = { contentType: 'application/x-www-form-urlencoded' };
    for (const body of ['null', '[]', '7', '"x"', '{not json']) expect(check(body), body).toMatchObject({ status: 400 });
    for (const body of ['payload=null', 'payload=%7B', 'payload=true']) expect(check(body, form), body).toMatchObject({ status: 400 });
    const click = (p: object) => `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', ...p }))}`;
    const actions = [{ action_id: 'paper_share', action_ts: '1.2' }];
    expect(check(click({ user: { id: 'U1' }, channel: { id: 'C1' }, actions }), form)).toEqual({ ok: true });
    expect(check(click({ user: { id: 'U1' }, container: { type: 'message', channel_id: 'C1' }, actions }), form)).toEqual({ ok: true });
    expect(check(click({ user: { id: 'U1' }, container: { type: 'view', view_id: 'V1' }, view: { id: 'V1' }, actions }), form)).toEqual({ ok: true });
    expect(check(click({ channel: { id: 'C1' }, actions }), form)).toMatchObject({ status: 400, reason: 'block_actions without a user' });
    expect(check(click({ user: { id: 'U1' }, actions }), form)).toMatchObject({ status: 400, reason: 'block_actions without a channel' });
    expect(check(click({ user: { id: 'U1' }, channel: { id: 'C1' }, actions: [] }), form)).toMatchObject({ status: 400 });
    expect(check(JSON.stringify({ type: 'event_callback', event: null }))).toMatchObject({ status: 400 });
    // A slash command is a plain form.
    expect(check('command=%2Fpaper&text=x&user_id=U1', form)).toEqual({ ok: true });
  });
});
