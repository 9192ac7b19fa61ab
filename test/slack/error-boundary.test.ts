import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { webApi } from '@slack/bolt';
import { createLog } from '../../src/log.ts';
import { errorBoundary } from '../../src/slack/error-boundary.ts';
import { EventDedupe } from '../../src/store/seen-events.ts';
import { InFlight } from '../../src/slack/in-flight.ts';

function setup() {
  const lines: any[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) });
  const mw = errorBoundary({ log: createLog('info', sink), inflight: new InFlight(), dedupe: new EventDedupe() });
  const client = { chat: { postMessage: vi.fn(async () => ({ ok: true })), postEphemeral: vi.fn(async () => ({ ok: true })) } };
  return { lines, mw, client };
}

const notInChannel = new webApi.WebAPIPlatformError({ ok: false, error: 'not_in_channel' });

describe('errorBoundary', () => {
  it('turns a command failure into an ephemeral note and one structured log line', async () => {
    const { lines, mw, client } = setup();
    const respond = vi.fn(async () => ({}));
    const body = { command: '/paper', text: 'secret query', user_id: 'U1', channel_id: 'C1', response_url: 'x' };
    await mw({ body, context: {}, client, respond, next: async () => Promise.reject(notInChannel) } as any);
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(/\/invite @paperbot/) });
    const line = lines.find((l) => l.outcome === 'failed');
    expect(line).toMatchObject({ event: 'command', name: '/paper', user: 'U1', channel: 'C1', error: 'not_in_channel', text_length: 12 });
    expect(JSON.stringify(lines)).not.toContain('secret query');
  });

  it('falls back to chat.postEphemeral when respond() itself fails', async () => {
    const { mw, client } = setup();
    const respond = vi.fn(async () => Promise.reject(new Error('expired')));
    await mw({ body: { command: '/paper', text: '', user_id: 'U1', channel_id: 'C1' }, context: {}, client, respond, next: async () => Promise.reject(new Error('bug')) } as any);
    expect(client.chat.postEphemeral).toHaveBeenCalledWith(expect.objectContaining({ channel: 'C1', user: 'U1', text: expect.stringMatching(/went wrong on my side/) }));
  });

  it('answers a failed click in the App Home or a modal (no response_url, no channel) with a small modal', async () => {
    const { mw } = setup();
    const views = { open: vi.fn(async () => ({ ok: true })) };
    const body = { type: 'block_actions', trigger_id: '9.9.9', user: { id: 'U1' }, view: { id: 'V1', type: 'home' }, actions: [{ action_id: 'home_export' }] };
    await mw({ body, context: {}, client: { views }, next: async () => Promise.reject(new Error('bug')) } as any);
    expect(views.open).toHaveBeenCalledWith({ trigger_id: '9.9.9', view: expect.objectContaining({ type: 'modal' }) });
    expect(JSON.stringify((views.open.mock.calls[0] as any)[0].view)).toMatch(/went wrong on my side/);
  });

  it('tells a DM sender in the DM', async () => {
    const { mw, client } = setup();
    const body = { type: 'event_callback', event_id: 'Ev9', event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: 'q', ts: '1.1' } };
    await mw({ body, context: {}, client, next: async () => Promise.reject(new Error('bug')) } as any);
    expect(client.chat.postMessage).toHaveBeenCalledWith({ channel: 'D1', text: expect.stringMatching(/went wrong/) });
  });

  it('drops a repeated event_id without running the listeners, and logs it', async () => {
    const { lines, mw, client } = setup();
    const next = vi.fn(async () => {});
    const body = { type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention', channel: 'C1', user: 'U1', text: 'x', ts: '1.1' } };
    await mw({ body, context: {}, client, next } as any);
    await mw({ body, context: { retryNum: 1 }, client, next } as any);
    expect(next).toHaveBeenCalledTimes(1);
    expect(lines.find((l) => l.outcome === 'duplicate')).toMatchObject({ event: 'mention', event_id: 'Ev1', retry_num: 1 });
    expect(lines.find((l) => l.outcome === 'answered')).toMatchObject({ event: 'mention', took_ms: expect.any(Number) });
  });
});
