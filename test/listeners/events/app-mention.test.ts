import { describe, expect, it } from 'vitest';
import { appMention, type MentionArgs } from '../../../src/listeners/events/app-mention.ts';
import { fakeClient, services } from '../fakes.ts';

function run(event: Record<string, unknown>) {
  const client = fakeClient();
  const a = { event: { type: 'app_mention', channel: 'C1', user: 'U0A1', ts: '10.000100', ...event }, client, context: { botUserId: 'UBOT' } } as unknown as MentionArgs;
  return { client, done: appMention(a, services()) };
}

describe('appMention', () => {
  it('answers in a new thread under a top-level mention, addressing the asker, without the bot mention', async () => {
    const { client, done } = run({ text: '<@UBOT> robustness' });
    await done;
    const args = client.chat.postMessage.mock.calls[0][0];
    expect(args).toMatchObject({ channel: 'C1', thread_ts: '10.000100' });
    expect(args.text).toMatch(/for robustness/);
    expect(JSON.stringify(args.blocks)).toContain('<@U0A1>');
    expect(JSON.stringify(args)).not.toContain('UBOT');
  });

  it('answers in the existing thread when mentioned inside one', async () => {
    const { client, done } = run({ text: 'robustness <@UBOT|paperbot>', thread_ts: '9.000001' });
    await done;
    expect(client.chat.postMessage.mock.calls[0][0].thread_ts).toBe('9.000001');
  });

  it('answers a bare mention with help', async () => {
    const { client, done } = run({ text: '<@UBOT>' });
    await done;
    expect(client.chat.postMessage.mock.calls[0][0].text).toMatch(/paperbot finds papers/);
  });

  it('points "@paperbot digest add …" to the slash command, in the thread', async () => {
    const { client, done } = run({ text: '<@UBOT> digest add robustness' });
    await done;
    const args = client.chat.postMessage.mock.calls[0][0];
    expect(args.thread_ts).toBe('10.000100');
    expect(args.text).toMatch(/\/paper digest add <topic>|\/paper digest add &lt;topic&gt;/);
  });

  it('ignores mentions from bots (no reply loops)', async () => {
    const { client, done } = run({ text: '<@UBOT> robustness', bot_id: 'B2' });
    await done;
    expect(client.chat.postMessage).not.toHaveBeenCalled();
  });

  it('escapes a paper title carrying <!channel> in what it posts', async () => {
    const { client, done } = run({ text: '<@UBOT> backdoor' });
    await done;
    const sent = JSON.stringify(client.chat.postMessage.mock.calls[0][0]);
    expect(sent).not.toContain('<!channel>');
    expect(sent).not.toContain('<@U999>');
  });
});
