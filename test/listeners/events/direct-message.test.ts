import { describe, expect, it } from 'vitest';
import { directMessage, type MessageArgs } from '../../../src/listeners/events/direct-message.ts';
import { fakeClient, services } from '../fakes.ts';

async function run(event: Record<string, unknown>) {
  const client = fakeClient();
  const a = { event: { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', ts: '5.000001', text: 'robustness', ...event }, client, context: { botUserId: 'UBOT' } } as unknown as MessageArgs;
  await directMessage(a, services());
  return client.chat.postMessage;
}

describe('directMessage', () => {
  it('answers in the DM, not in a thread', async () => {
    const post = await run({});
    expect(post).toHaveBeenCalledTimes(1);
    expect(post.mock.calls[0][0]).toMatchObject({ channel: 'D1' });
    expect(post.mock.calls[0][0].thread_ts).toBeUndefined();
    expect(post.mock.calls[0][0].text).toMatch(/for robustness/);
  });

  it('ignores bots (incl. its own answers), subtypes and non-DM channels', async () => {
    expect(await run({ bot_id: 'B1' })).not.toHaveBeenCalled();
    expect(await run({ subtype: 'message_changed' })).not.toHaveBeenCalled();
    expect(await run({ channel_type: 'channel', channel: 'C1' })).not.toHaveBeenCalled();
  });

  it('answers "help" and an empty DM with help', async () => {
    expect((await run({ text: 'help' })).mock.calls[0][0].text).toMatch(/paperbot finds papers/);
    expect((await run({ text: '<@UBOT>' })).mock.calls[0][0].text).toMatch(/paperbot finds papers/);
  });
});
