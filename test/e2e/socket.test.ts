// End to end over Socket Mode: a loopback WebSocket server plays Slack (hello, a slash_commands envelope, expects the ack).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../slack/fake-slack.ts';
import { expectAllMessagesValid, startHarness, type Harness } from './harness.ts';
import { CHANNEL, TEAM, USER, waitFor } from './slack-requests.ts';

/** A port that was free a moment ago (the Socket Mode health server needs a number, not 0, to be reachable here). */
async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('Socket Mode', () => {
  let wss: WebSocketServer | undefined;
  let h: Harness | undefined;
  afterAll(async () => {
    await h?.stop();
    for (const c of wss?.clients ?? []) c.terminate();
    await new Promise((r) => wss?.close(r));
  });

  it('connects via apps.connections.open, acks the envelope, answers through response_url', async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    const fake = await new FakeSlack({ socketUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/` }).start();
    const received: any[] = [];
    const connected = new Promise<WebSocket>((resolve) =>
      wss!.on('connection', (ws) => {
        ws.on('message', (data) => received.push(JSON.parse(String(data))));
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'loopback' }, connection_info: { app_id: 'A0PAPER' } }));
        resolve(ws);
      }),
    );
    const port = await freePort();
    h = await startHarness({ fake, env: { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_SIGNING_SECRET: '', PORT: String(port) } });
    expect(h.bot.mode).toBe('socket');
    const ws = await connected;
    await h.bot.ready;
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    // /healthz is served next to the WebSocket (Bolt starts an HTTP server for custom routes).
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const responseUrl = fake.responseUrl(CHANNEL, USER);
    ws.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: { team_id: TEAM, channel_id: CHANNEL, user_id: USER, command: '/paper', text: 'robustness', response_url: responseUrl, api_app_id: 'A0PAPER', trigger_id: '1.2.3' },
      }),
    );
    const ack = await waitFor(() => received.find((m) => m.envelope_id === 'env-1'));
    expect(ack.envelope_id).toBe('env-1');
    const answer = await waitFor(() => fake.callsTo('response_url')[0]);
    expect(answer.args.text).toMatch(/papers? for robustness/);
    expectAllMessagesValid(fake);
  });
});
