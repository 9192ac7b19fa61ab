// SIGTERM under load, on the real process: requests that reached the bot are answered, none is reset; later ones are refused.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../slack/fake-slack.ts';
import { CHANNEL, post, signature, slashCommand, USER, waitFor } from './slack-requests.ts';

const SECRET = 'drain-signing-secret';
let dir: string;
let fake: FakeSlack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-drain-'));
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Bot {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  stdout: () => string;
}

/** `paperbot start` in HTTP mode on a free port, once /healthz says it is indexed. */
async function startBot(): Promise<Bot> {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin/paperbot.js'), 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-drain-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PAPERS_PATH: join(process.cwd(), 'data/papers'),
      DATABASE_PATH: join(dir, `bot-${Date.now()}.db`),
      INDEX_CACHE_PATH: 'off',
      PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await waitFor(() => Number(/"event":"listening"[^\n]*"port":(\d+)/.exec(out)?.[1]) || undefined, 20_000);
  await waitFor(() => /"event":"corpus_indexed"/.test(out), 20_000);
  return { child, port, exited, stdout: () => out };
}

type Outcome = { status: number } | { error: string };

function errorCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.code ?? e.cause?.message ?? String(err);
}

describe('SIGTERM with requests in flight', () => {
  it('answers every request that reached the bot, at concurrency 20 over keep-alive; later ones never reach it', async () => {
    const bot = await startBot();
    const url = `http://127.0.0.1:${bot.port}/slack/events`;
    const outcomes: Outcome[] = [];
    let next = 0;
    let signalled = false;
    const worker = async () => {
      while (next < 300) {
        next += 1;
        const req = slashCommand('robustness', fake.responseUrl(CHANNEL, USER));
        try {
          const res = await post(url, SECRET, req);
          // Read to the end, as a client does before it reuses the connection.
          await res.arrayBuffer();
          outcomes.push({ status: res.status });
        } catch (err) {
          outcomes.push({ error: errorCode(err) });
        }
        if (!signalled && outcomes.length >= 100) {
          signalled = true;
          bot.child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(await bot.exited).toBe(0);
    const answered = outcomes.filter((o) => 'status' in o);
    expect(answered.filter((o) => o.status !== 200)).toEqual([]);
    expect(answered.length).toBeGreaterThanOrEqual(100);
    // Every request that reached the bot was answered: as many 200s as requests its server read, and as many as
    // /paper commands its handlers logged. (Before the fix, 17–19 of them were reset.)
    const received = Number(/"requests_received":(\d+)/.exec(bot.stdout())?.[1]);
    expect(answered.length).toBe(received);
    expect((bot.stdout().match(/"event":"command","name":"\/paper"/g) ?? []).length).toBe(answered.length);
    // The rest never reached it: refused once the listener closed, or reset by the kernel on a socket being closed
    // before the bot read a byte of them (a request in flight as the socket's "Connection: close" answer crossed it).
    const errors = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
    expect(errors.filter((e) => e !== 'ECONNREFUSED' && e !== 'ECONNRESET')).toEqual([]);
    expect(errors.length + answered.length).toBe(300);
    expect(bot.stdout()).toMatch(/"msg":"stopped"/);
  }, 60_000);

  it('answers a request whose body was still arriving when SIGTERM came', async () => {
    const bot = await startBot();
    const req = slashCommand('robustness', fake.responseUrl(CHANNEL, USER));
    const ts = Math.floor(Date.now() / 1000);
    const socket = connect(bot.port, '127.0.0.1');
    let response = '';
    socket.on('data', (d) => (response += d));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', (err) => (response += `ERROR ${errorCode(err)}`));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const head = [
      'POST /slack/events HTTP/1.1',
      'Host: 127.0.0.1',
      `Content-Type: ${req.contentType}`,
      `Content-Length: ${Buffer.byteLength(req.body)}`,
      `X-Slack-Request-Timestamp: ${ts}`,
      `X-Slack-Signature: ${signature(SECRET, req.body, ts)}`,
      '',
      '',
    ].join('\r\n');
    socket.write(head + req.body.slice(0, 20));
    await new Promise((r) => setTimeout(r, 200));
    bot.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(req.body.slice(20));
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(await bot.exited).toBe(0);
    // And the command was answered, not only acknowledged.
    expect(fake.calls.some((c) => c.method === 'response_url')).toBe(true);
  }, 60_000);
});
