// Signed requests at the edges, over HTTP to the real app: future timestamps, bodies Bolt cannot handle, replayed clicks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, startHarness, type Harness } from './harness.ts';
import { blockActions, buttonsOf, CHANNEL, eventCallback, post, signature, slashCommand, USER, waitFor, type SlackRequest } from './slack-requests.ts';

let h: Harness;
let url: string;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  h = await startHarness();
  await h.bot.ready;
  url = `http://127.0.0.1:${h.bot.port}/slack/events`;
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await h?.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const form = (body: string): SlackRequest => ({ body, contentType: 'application/x-www-form-urlencoded' });
const json = (body: string): SlackRequest => ({ body, contentType: 'application/json' });

async function signedStatus(req: SlackRequest, ts = now()): Promise<number> {
  return (await post(url, SECRET, req, { ts })).status;
}

/** A request nothing answers would otherwise hang the test until its own time-out. */
async function withTimeout<T>(p: Promise<T>, ms = 2000): Promise<T | 'timed out'> {
  return Promise.race([p, new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), ms))]);
}

describe('request timestamps', () => {
  it('refuses a request signed more than 5 minutes ahead (401), as Bolt refuses one 5 minutes old, and runs nothing', async () => {
    const before = h.fake.calls.length;
    for (const ahead of [24 * 3600, 301]) {
      const res = await post(url, SECRET, slashCommand('robustness', h.fake.responseUrl(CHANNEL, USER)), { ts: now() + ahead });
      expect(res.status, `${ahead} s ahead`).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.calls.length).toBe(before);
    expect(h.logs.find((l) => l.event === 'request_rejected' && l.status === 401)?.reason).toMatch(/ahead of now/);
  });

  it('accepts a timestamp within 5 minutes either way (clock skew)', async () => {
    for (const skew of [-240, 240]) {
      const responseUrl = h.fake.responseUrl(CHANNEL, USER);
      const res = await post(url, SECRET, slashCommand('robustness', responseUrl), { ts: now() + skew });
      expect(res.status, `skew ${skew} s`).toBe(200);
      await waitFor(() => h.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === responseUrl.split('/').pop()));
    }
  });
});

describe('bodies Bolt cannot handle get a 400 at once', () => {
  const blockActionsWithout = (drop: 'user' | 'channel' | 'actions') => {
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      user: { id: USER },
      team: { id: 'T0TEST' },
      channel: { id: CHANNEL },
      container: { type: 'message', channel_id: CHANNEL, is_ephemeral: true },
      trigger_id: `odd.${drop}`,
      response_url: h.fake.responseUrl(CHANNEL, USER),
      actions: [{ type: 'button', action_id: 'paper_share', block_id: 'b', value: '{}', action_ts: '1.2' }],
    };
    delete payload[drop];
    if (drop === 'channel') delete payload.container;
    return form(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  };

  const cases: Array<[string, () => SlackRequest]> = [
    ['payload=null', () => form('payload=null')],
    ['payload=[]', () => form('payload=%5B%5D')],
    ['JSON null', () => json('null')],
    ['JSON 42', () => json('42')],
    ['JSON "text"', () => json('"text"')],
    ['event_callback without event', () => json(JSON.stringify({ type: 'event_callback', event_id: 'EvOdd', team_id: 'T0TEST' }))],
    ['block_actions without a user', () => blockActionsWithout('user')],
    ['block_actions without a channel', () => blockActionsWithout('channel')],
    ['block_actions without actions', () => blockActionsWithout('actions')],
    ['block_actions in a message container without a channel', () => {
      const payload = { type: 'block_actions', user: { id: USER }, container: { type: 'message', message_ts: '1.2' }, trigger_id: 'odd.msg', actions: [{ type: 'button', action_id: 'paper_share', value: '{}', action_ts: '1.3' }] };
      return form(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    }],
  ];
  for (const [name, build] of cases) {
    it(`${name} → 400`, async () => {
      const before = h.fake.calls.length;
      const started = Date.now();
      const res = await withTimeout(post(url, SECRET, build()));
      expect(res === 'timed out' ? res : res.status).toBe(400);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(h.fake.calls.length).toBe(before);
    });
  }

  it('a click in a view (App Home, a modal) has no channel and still reaches the app', async () => {
    const payload = { type: 'block_actions', user: { id: USER }, team: { id: 'T0TEST' }, container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home' }, trigger_id: 'view.1', actions: [{ type: 'button', action_id: 'no_such_action', block_id: 'b', value: 'x', action_ts: '1.4' }] };
    const res = await withTimeout(post(url, SECRET, form(`payload=${encodeURIComponent(JSON.stringify(payload))}`)), 5000);
    // Past the guard: Bolt answers it (no listener for this action_id acks it, so Bolt's own 3-second answer).
    expect(res === 'timed out' ? res : res.status).not.toBe(400);
  });

  it('an unsigned odd body is still a 401 (nothing about the body is told to a stranger), and nothing was left unhandled', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now()), 'x-slack-signature': 'v0=00' }, body: 'null' });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(rejections).toEqual([]);
  });
});

describe('replayed clicks', () => {
  it('the same signed Share click posted twice posts the card once; both requests are acknowledged', async () => {
    const search = h.fake.responseUrl(CHANNEL, USER);
    await post(url, SECRET, slashCommand('robustness', search));
    const answer = await waitFor(() => h.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === search.split('/').pop()));
    const share = buttonsOf(answer.args.blocks).find((b) => b.action_id === 'paper_share')!;
    const click = blockActions(share, h.fake.responseUrl(CHANNEL, USER));
    const ts = now();
    const posts = () => h.fake.calls.filter((c) => c.method === 'chat.postMessage').length;
    const before = posts();
    expect((await post(url, SECRET, click, { ts })).status).toBe(200);
    await waitFor(() => posts() > before && h.bot.inflight.size === 0);
    // The replay: the very same bytes and signature, a moment later.
    const replay = await fetch(url, { method: 'POST', headers: { 'content-type': click.contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(SECRET, click.body, ts) }, body: click.body });
    expect(replay.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    await h.bot.inflight.idle();
    expect(posts()).toBe(before + 1);
    expect(h.logs.find((l) => l.outcome === 'duplicate' && l.event === 'action')).toMatchObject({ name: 'paper_share', user: USER });
  });

  it('two different clicks on the same Share button (two trigger_ids) both post', async () => {
    const search = h.fake.responseUrl(CHANNEL, USER);
    await post(url, SECRET, slashCommand('robustness', search));
    const answer = await waitFor(() => h.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === search.split('/').pop()));
    const share = buttonsOf(answer.args.blocks).find((b) => b.action_id === 'paper_share')!;
    const posts = () => h.fake.calls.filter((c) => c.method === 'chat.postMessage').length;
    const before = posts();
    for (let i = 0; i < 2; i++) {
      expect((await post(url, SECRET, blockActions(share, h.fake.responseUrl(CHANNEL, USER)))).status).toBe(200);
      await waitFor(() => posts() === before + i + 1 && h.bot.inflight.size === 0);
    }
  });
});

// Keeps the helpers honest: an Events API event still runs (the guard lets good bodies through untouched).
describe('good bodies pass the guard', () => {
  it('a mention is answered', async () => {
    const before = h.fake.calls.length;
    const ev = eventCallback({ type: 'app_mention', user: USER, text: '<@UPAPERBOT> robustness', ts: '1700000000.000100', channel: CHANNEL });
    expect(await signedStatus(ev)).toBe(200);
    await waitFor(() => h.fake.calls.length > before && h.bot.inflight.size === 0);
  });
});
