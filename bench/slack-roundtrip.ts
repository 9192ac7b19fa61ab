// Times /paper over HTTP end to end: the real Bolt app, signed requests, the loopback Web API. Prints numbers only.
// Run: node bin/run-ts.js bench/slack-roundtrip.ts [requests=200]
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config.ts';
import { createLog } from '../src/log.ts';
import { startPaperbot } from '../src/app.ts';
import { FakeSlack } from '../test/slack/fake-slack.ts';

const N = Number(process.argv[2] ?? 200);
const SECRET = 'bench-secret';
const QUERIES = ['robustness', 'backdoor attacks', 'distribution shift', 'imagenet transfer', 'robustnss', 'datamodels', 'policy gradients'];

const fake = await new FakeSlack().start();
const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl, PAPERS_PATH: process.env.PAPERS_PATH ?? 'data/papers', DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'paperbot-bench-')), 'bench.db'), INDEX_CACHE_PATH: process.env.INDEX_CACHE_PATH ?? 'off' });
const bot = await startPaperbot({ config, log: createLog('error', new Writable({ write: (_c, _e, cb) => cb() })), exit: () => {} });
await bot.ready;
const url = `http://127.0.0.1:${bot.port}/slack/events`;

const ackMs: number[] = [];
const answerMs: number[] = [];
for (let i = 0; i < N; i++) {
  const responseUrl = fake.responseUrl('C1', 'U0BENCH');
  const id = responseUrl.split('/').pop();
  const body = new URLSearchParams({ command: '/paper', text: QUERIES[i % QUERIES.length], user_id: 'U0BENCH', channel_id: 'C1', team_id: 'T1', response_url: responseUrl }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body });
  ackMs.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  while (!fake.calls.some((c) => c.method === 'response_url' && c.responseUrl?.id === id)) await new Promise((r) => setImmediate(r));
  answerMs.push(performance.now() - t0);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(1);
console.log(`papers indexed: ${bot.services.index.size}, requests: ${N}`);
console.log(`ack (HTTP 200)      p50 ${pct(ackMs, 50)} ms  p95 ${pct(ackMs, 95)} ms  max ${pct(ackMs, 100)} ms`);
console.log(`answer (respond())  p50 ${pct(answerMs, 50)} ms  p95 ${pct(answerMs, 95)} ms  max ${pct(answerMs, 100)} ms`);
await bot.shutdown.run('bench');
await fake.close();
