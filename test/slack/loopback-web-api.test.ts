import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { FakeSlack, type PostedMessage } from './fake-slack.ts';
import { webClientOptions } from '../../src/slack/receivers.ts';

describe('FakeSlack', () => {
  const fake = new FakeSlack({ users: { U0BOB: { name: 'bob', tz: 'Europe/Berlin' } } });
  let client: webApi.WebClient;
  beforeAll(async () => {
    await fake.start();
    client = new webApi.WebClient('xoxb-fake-token', webClientOptions(fake.apiUrl));
  });
  afterAll(() => fake.close());

  it('answers in Slack shapes, records calls without the token, and emits posted messages', async () => {
    const seen: PostedMessage[] = [];
    fake.on('post', (p) => seen.push(p));
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'UPAPERBOT', bot_id: 'BPAPERBOT' });
    const posted = await client.chat.postMessage({ channel: 'C1', thread_ts: '1.1', text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] });
    expect(posted).toMatchObject({ ok: true, channel: 'C1', message: { text: 'hi' } });
    expect(typeof posted.ts).toBe('string');
    expect((await client.users.info({ user: 'U0BOB' })).user).toMatchObject({ id: 'U0BOB', tz: 'Europe/Berlin' });
    const call = fake.callsTo('chat.postMessage')[0];
    expect(call.args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }]);
    expect(JSON.stringify(fake.calls)).not.toContain('xoxb-fake-token');
    expect(seen[0]).toMatchObject({ channel: 'C1', threadTs: '1.1', ephemeral: false });
  });

  it('fails a method with a Slack error, a number of times', async () => {
    fake.fail('chat.postMessage', { error: 'not_in_channel', times: 1 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { error: 'not_in_channel' } });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('answers 429 with Retry-After, which the client rejects at once', async () => {
    fake.fail('chat.postEphemeral', { status: 429, retryAfter: 7 });
    await expect(client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'x' })).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
    fake.clearFailures();
  });

  it('serves response URLs: ephemeral by default, in place with replace_original, 404 for unknown ids', async () => {
    const url = fake.responseUrl('C9', 'U9');
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'a', replace_original: true }) });
    const msg = fake.messages().at(-1)!;
    expect(msg).toMatchObject({ via: 'response_url', channel: 'C9', user: 'U9', ephemeral: true, replaceOriginal: true });
    expect((await fetch(`${fake.apiUrl.replace('api/', '')}response/999`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('the console loopback itself', () => {
  it('keeps no record of calls (a long console session must not grow); recording and failures are the test fake\'s', async () => {
    const { LoopbackWebApi } = await import('../../src/slack/loopback-web-api.ts');
    const base = await new LoopbackWebApi().start();
    try {
      const seen: string[] = [];
      base.on('call', (c: { method: string }) => seen.push(c.method));
      await fetch(`${base.apiUrl}auth.test`, { method: 'POST', headers: { authorization: 'Bearer xoxb-x' } });
      expect(seen).toEqual(['auth.test']);
      expect('calls' in base).toBe(false);
      expect('fail' in base).toBe(false);
    } finally {
      await base.close();
    }
  });
});
