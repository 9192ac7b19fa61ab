// End to end: installing paperbot into two workspaces through Bolt's OAuth flow on the real app (HTTP mode, signed
// requests, a temp SQLite file), each request answered with its own workspace's token, ids of one workspace used from
// the other getting nowhere, and an uninstall that forgets one workspace only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaperbot, type Paperbot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { sendJson, type RecordedCall } from '../../src/slack/loopback-web-api.ts';
import { loadCorpus } from '../../src/papers/corpus.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { memoryLog, TestClock } from '../digests/harness.ts';
import { blockActions, buttonsOf, post, slashCommand, waitFor, type SlackRequest } from './slack-requests.ts';

const SECRET = 'oauth-e2e-signing-secret';
const CLIENT_ID = '1111.2222';
const CLIENT_SECRET = 'oauth-e2e-client-secret';
const KEY = randomBytes(32).toString('base64');

/** A workspace the fake Slack can install the app into. */
interface Workspace {
  team: string;
  name: string;
  token: string;
  botUserId: string;
  botId: string;
  user: string;
  channel: string;
}

const A: Workspace = { team: 'TAAAA', name: 'Lab <A>', token: 'xoxb-aaaa-1111-tokenOfWorkspaceA', botUserId: 'UBOTA', botId: 'BBOTA', user: 'UALICE', channel: 'CGENERAL' };
// The same channel id in both: ids are unique only within a workspace, so only the team id keeps their rows apart.
const B: Workspace = { team: 'TBBBB', name: 'Lab B', token: 'xoxb-bbbb-2222-tokenOfWorkspaceB', botUserId: 'UBOTB', botId: 'BBOTB', user: 'UBOB', channel: 'CGENERAL' };

/**
 * FakeSlack plus what OAuth needs: oauth.v2.access exchanging a one-time code for a workspace's token
 * (https://docs.slack.dev/reference/methods/oauth.v2.access), auth.test answering for the token it is given, every
 * other method refusing a token it never issued (invalid_auth), and the token each call came with.
 */
class OAuthSlack extends FakeSlack {
  private readonly codes = new Map<string, Workspace>();
  private readonly issued = new Map<string, Workspace>();
  /** Method and bearer token of every Web API call, oldest first. */
  readonly tokens: Array<{ method: string; token?: string; args: Record<string, any> }> = [];

  /** A code Slack's authorize page would hand the browser after an admin of `ws` approves. */
  grant(ws: Workspace): string {
    const code = `code-${ws.team}-${this.codes.size}`;
    this.codes.set(code, ws);
    return code;
  }

  revoke(ws: Workspace): void {
    this.issued.delete(ws.token);
  }

  /** Web API calls made with `ws`'s token. */
  callsWith(ws: Workspace, method?: string) {
    return this.tokens.filter((t) => t.token === ws.token && (!method || t.method === method));
  }

  protected override intercept(call: RecordedCall, res: ServerResponse): boolean {
    if (super.intercept(call, res)) return true;
    const auth = /^Bearer (\S+)/.exec(String(res.req.headers.authorization ?? ''));
    const token = auth?.[1];
    if (!['response_url', 'upload'].includes(call.method)) this.tokens.push({ method: call.method, token, args: call.args });
    if (call.method === 'oauth.v2.access') {
      const ws = this.codes.get(String(call.args.code));
      this.codes.delete(String(call.args.code));
      if (call.args.client_id !== CLIENT_ID || call.args.client_secret !== CLIENT_SECRET) return this.refuse(call, res, 'invalid_client_id');
      if (!ws) return this.refuse(call, res, 'invalid_code');
      this.issued.set(ws.token, ws);
      sendJson(res, 200, {
        ok: true,
        app_id: 'A0PAPER',
        authed_user: { id: ws.user },
        scope: 'commands,app_mentions:read,chat:write,im:history,users:read,reactions:read,links:read,links:write,files:write',
        token_type: 'bot',
        access_token: ws.token,
        bot_user_id: ws.botUserId,
        team: { id: ws.team, name: ws.name },
        enterprise: null,
        is_enterprise_install: false,
      });
      return true;
    }
    if (call.method === 'response_url' || call.method === 'upload') return false;
    const ws = token ? this.issued.get(token) : undefined;
    if (!ws) return this.refuse(call, res, 'invalid_auth');
    if (call.method === 'auth.test') {
      sendJson(res, 200, { ok: true, url: `https://${ws.team.toLowerCase()}.slack.com/`, team: ws.name, user: 'paperbot', team_id: ws.team, user_id: ws.botUserId, bot_id: ws.botId });
      return true;
    }
    return false;
  }

  private refuse(call: RecordedCall, res: ServerResponse, error: string): true {
    call.error = error;
    sendJson(res, 200, { ok: false, error });
    return true;
  }
}

let dir: string;
let fake: OAuthSlack;
let bot: Paperbot;
let base: string;
let logs: () => Array<Record<string, any>>;
const clock = new TestClock(Date.parse('2026-11-24T12:00:00Z'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-e2e-oauth-'));
  fake = await new OAuthSlack({ users: { [A.user]: { name: 'alice', tz: 'UTC' }, [B.user]: { name: 'bob', tz: 'UTC' } } }).start();
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: 'oauth-e2e-state-secret',
    TOKEN_ENCRYPTION_KEY: KEY,
    PORT: '0',
    SLACK_API_URL: fake.apiUrl,
    PAPERS_PATH: 'data/papers',
    DATABASE_PATH: join(dir, 'paperbot.db'),
    INDEX_CACHE_PATH: 'off',
  });
  const memory = memoryLog();
  logs = memory.lines;
  bot = await startPaperbot({ config, log: memory.log, clock, sleep: async () => {}, feeds: { watchCorpus: false }, loadPapers: async () => (await loadCorpus(config.papersPath)).papers, exit: () => {} });
  await bot.ready;
  base = `http://127.0.0.1:${bot.port}`;
});
afterAll(async () => {
  await bot?.shutdown.run('test');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The browser's side of an install: the install page sets the state cookie, Slack redirects back with code + state. */
async function install(ws: Workspace, opts: { cookie?: boolean } = {}): Promise<Response> {
  const page = await fetch(`${base}/slack/install`);
  expect(page.status).toBe(200);
  const cookie = page.headers.get('set-cookie') ?? '';
  const state = /slack-app-oauth-state=([^;]+)/.exec(cookie)?.[1];
  expect(state).toBeTruthy();
  const html = await page.text();
  const authorize = new URL(/href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&'));
  expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
  expect(authorize.searchParams.get('state')).toBe(state);
  expect(authorize.searchParams.get('scope')?.split(',')).toContain('commands');
  const code = fake.grant(ws);
  return fetch(`${base}/slack/oauth_redirect?code=${code}&state=${state}`, { headers: opts.cookie === false ? {} : { cookie: `slack-app-oauth-state=${state}` } });
}

/** Every stored column of every installation row, as text, read straight from the file. */
function rawInstallations(): string {
  const db = new Database(join(dir, 'paperbot.db'), { readonly: true });
  try {
    return JSON.stringify(db.prepare('SELECT * FROM installations').all());
  } finally {
    db.close();
  }
}

/** `req` as sent from workspace `ws` (team ids in the envelope, the user's and the team's). */
function from(ws: Workspace, req: SlackRequest, user = ws.user): SlackRequest {
  if (req.contentType === 'application/json') {
    const body = JSON.parse(req.body);
    body.team_id = ws.team;
    body.authorizations = [{ team_id: ws.team, user_id: ws.botUserId, is_bot: true }];
    return { ...req, body: JSON.stringify(body) };
  }
  const form = new URLSearchParams(req.body);
  const payload = form.get('payload');
  if (!payload) return req;
  const p = JSON.parse(payload);
  p.team = { id: ws.team, domain: ws.team.toLowerCase() };
  p.user = { ...p.user, id: user, team_id: ws.team };
  p.channel = { id: ws.channel, name: 'general' };
  p.container = { ...p.container, channel_id: ws.channel };
  return { ...req, body: `payload=${encodeURIComponent(JSON.stringify(p))}` };
}

/** `/paper <text>` from `ws`; the answer posted to its response_url. */
async function command(ws: Workspace, text: string, user = ws.user) {
  const responseUrl = fake.responseUrl(ws.channel, user);
  const res = await post(`${base}/slack/events`, SECRET, slashCommand(text, responseUrl, { team_id: ws.team, team_domain: ws.team.toLowerCase(), channel_id: ws.channel, user_id: user }));
  expect(res.status).toBe(200);
  const id = responseUrl.split('/').pop();
  const call = await waitFor(() => fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id));
  await bot.inflight.idle();
  return call.args as { text: string; blocks?: any[] };
}

async function click(ws: Workspace, button: ReturnType<typeof buttonsOf>[number], user = ws.user) {
  const responseUrl = fake.responseUrl(ws.channel, user);
  const res = await post(`${base}/slack/events`, SECRET, from(ws, blockActions(button, responseUrl), user));
  expect(res.status).toBe(200);
  const id = responseUrl.split('/').pop();
  await waitFor(() => fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id));
  await bot.inflight.idle();
}

async function event(ws: Workspace, ev: Record<string, unknown>) {
  const body = { token: 'legacy', team_id: ws.team, api_app_id: 'A0PAPER', type: 'event_callback', event_id: `Ev${randomBytes(6).toString('hex')}`, event_time: Math.floor(Date.now() / 1000), event: ev, authorizations: [{ team_id: ws.team, user_id: ws.botUserId, is_bot: true }] };
  const res = await post(`${base}/slack/events`, SECRET, { body: JSON.stringify(body), contentType: 'application/json' });
  expect(res.status).toBe(200);
  await bot.inflight.idle();
}

describe('OAuth installs end to end', () => {
  it('refuses a callback whose state was not started in this browser: nothing stored', async () => {
    const res = await install(A, { cookie: false });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('paperbot was not installed');
    expect(rawInstallations()).toBe('[]');
    expect(fake.tokens.filter((t) => t.method === 'oauth.v2.access')).toHaveLength(0);
  });

  it('the callback stores the installation with its token encrypted, and logs one line without it', async () => {
    const res = await install(A);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Lab &#60;A&#62;'); // the workspace name, escaped
    const raw = rawInstallations();
    expect(raw).toContain(A.team);
    expect(raw).toContain('v1:');
    expect(raw).not.toContain(A.token);
    expect(raw).not.toContain('tokenOfWorkspaceA');
    const line = logs().find((l) => l.event === 'app_installed');
    expect(line).toMatchObject({ team: A.team, installed_by: A.user, bot_user: A.botUserId });
    expect(JSON.stringify(logs())).not.toContain('tokenOfWorkspaceA');
    expect((await install(B)).status).toBe(200);
  });

  it("a request from a workspace is answered with that workspace's token; one never installed gets nothing", async () => {
    await event(A, { type: 'app_mention', user: A.user, text: `<@${A.botUserId}> robustness`, ts: '1700000001.000100', channel: A.channel });
    await waitFor(() => fake.callsWith(A, 'chat.postMessage').length > 0);
    expect(fake.callsWith(A, 'chat.postMessage')[0].args.channel).toBe(A.channel);
    await event(B, { type: 'app_mention', user: B.user, text: `<@${B.botUserId}> robustness`, ts: '1700000002.000100', channel: B.channel });
    await waitFor(() => fake.callsWith(B, 'chat.postMessage').length > 0);
    expect(fake.callsWith(A, 'chat.postMessage')).toHaveLength(1);
    expect(fake.callsWith(B, 'chat.postMessage')).toHaveLength(1);

    const stranger: Workspace = { ...B, team: 'TCCCC', token: 'xoxb-never', channel: 'CCGENERAL' };
    const before = fake.tokens.length;
    await event(stranger, { type: 'app_mention', user: 'UEVE', text: '<@UBOTC> robustness', ts: '1700000003.000100', channel: stranger.channel });
    expect(fake.tokens.slice(before)).toEqual([]);
    expect(logs().some((l) => l.event === 'bolt_error' && l.error === 'slack_bolt_authorization_error')).toBe(true);
  });

  it("a digest id of one workspace, typed in the other, is not found, and listing shows only one's own", async () => {
    expect((await command(A, 'digest add robustness')).text).toMatch(/robustness/);
    const [mine] = await bot.store.subscriptions.inChannel(A.team, A.channel);
    expect(mine).toBeDefined();
    expect(fake.callsWith(A, 'users.info').length).toBeGreaterThan(0);
    expect(fake.callsWith(B, 'users.info')).toHaveLength(0);

    expect((await command(B, `digest remove ${mine.id}`)).text).not.toMatch(/Removed/);
    expect((await command(B, `digest list`)).text).not.toContain(`#${mine.id}`);
    expect((await bot.store.subscriptions.get(mine.id, A.team))?.status).toBe('active');
    expect((await command(A, `digest list`)).text).toContain(`#${mine.id}`);
  });

  it("a Save button from one workspace's card, clicked in the other, leaves the first workspace's reading list alone", async () => {
    const answer = await command(A, 'robustness');
    const save = buttonsOf(answer.blocks).find((b) => b.action_id === 'paper_save')!;
    expect(save).toBeDefined();
    await click(A, save);
    const aList = await bot.store.saved.ids(A.team, A.user);
    expect(aList.size).toBe(1);

    // Its Saved ✓ (unsave) value, sent from B by a user with the same id as A's: A's list keeps the paper.
    const again = await command(A, 'robustness');
    const unsave = buttonsOf(again.blocks).find((b) => b.action_id === 'paper_unsave')!;
    expect(unsave).toBeDefined();
    await click(B, unsave, A.user);
    expect(await bot.store.saved.ids(A.team, A.user)).toEqual(aList);
    // And its Save value, used in B, saves to B's list, not A's.
    await click(B, save);
    expect((await bot.store.saved.ids(B.team, B.user)).size).toBe(1);
    expect(await bot.store.saved.ids(A.team, A.user)).toEqual(aList);
  });

  // Digests are posted by the scheduler, with no request to take a token from: each workspace's comes from its installation.
  it("digests post with each workspace's own token", async () => {
    await command(B, 'digest add robustness');
    clock.set('2026-11-25T09:00:00Z'); // 09:00 UTC the next day, a Wednesday
    const outcomes = await bot.digests.runDue();
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(2);
    const digestsWith = (ws: Workspace) => fake.callsWith(ws, 'chat.postMessage').filter((c) => /Daily papers/.test(JSON.stringify(c.args.blocks)));
    expect(digestsWith(A)).toHaveLength(1);
    expect(digestsWith(B)).toHaveLength(1);
  });

  it("app_uninstalled deletes that workspace's tokens and pauses its digests only", async () => {
    fake.revoke(A);
    await event(A, { type: 'app_uninstalled' });
    await waitFor(() => logs().find((l) => l.event === 'app_uninstalled'));
    expect(rawInstallations()).not.toContain(A.team);
    expect(rawInstallations()).toContain(B.team);
    for (const s of await bot.store.subscriptions.inChannel(A.team, A.channel)) expect(s.status).toBe('paused');
    for (const s of await bot.store.subscriptions.inChannel(B.team, B.channel)) expect(s.status).toBe('active');
    // A's next request finds no installation: nothing is done with a token.
    const before = fake.tokens.length;
    await event(A, { type: 'app_mention', user: A.user, text: `<@${A.botUserId}> robustness`, ts: '1700000009.000100', channel: A.channel });
    expect(fake.tokens.slice(before)).toEqual([]);
    expect(JSON.stringify(logs())).not.toMatch(/tokenOfWorkspace/);
  });
});
