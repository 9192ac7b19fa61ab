// Acks while another process holds the database's write lock for 8 s (as a second replica or `paperbot digest send` can):
// /paper, @-mentions (whose Slack retry dedupe writes to the shared file) and /healthz, over HTTP to the real bot.
// Run: node bin/run-ts.js bench/lock-contention.ts [lock-ms=8000]
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { startPaperbot } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLog } from '../src/log.ts';
import { FakeSlack } from '../test/slack/fake-slack.ts';

const LOCK_MS = Number(process.argv[2] ?? 8000);
const GAP_MS = 100;
const SECRET = 'bench-secret';
const dir = mkdtempSync(join(tmpdir(), 'paperbot-bench-lock-'));
const dbPath = join(dir, 'bench.db');

const fake = await new FakeSlack().start();
const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl, PAPERS_PATH: process.env.PAPERS_PATH ?? 'data/papers', DATABASE_PATH: dbPath, INDEX_CACHE_PATH: 'off' });
const logged: string[] = [];
const bot = await startPaperbot({ config, log: createLog('warn', new Writable({ write: (c, _e, cb) => (logged.push(String(c)), cb()) })), exit: () => {} });
await bot.ready;
const base = `http://127.0.0.1:${bot.port}`;

function signed(body: string, type: string): RequestInit {
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { method: 'POST', headers: { 'content-type': type, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body };
}

let n = 0;
const kinds = {
  '/paper': () => signed(new URLSearchParams({ command: '/paper', text: 'robustness', user_id: 'U0BENCH', channel_id: 'C1', team_id: 'T1', response_url: fake.responseUrl('C1', 'U0BENCH') }).toString(), 'application/x-www-form-urlencoded'),
  mention: () => {
    n += 1;
    const event = { type: 'app_mention', text: `<@${fake.botUserId}> robustness`, user: 'U0BENCH', channel: 'C1', ts: `1700000000.${String(n).padStart(6, '0')}` };
    return signed(JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: `EvBench${n}`, event_time: 1700000000, event }), 'application/json');
  },
};

/** Sends one request of each kind every GAP_MS for `ms`, recording ack times. */
async function probe(ms: number): Promise<Record<string, number[]>> {
  const acks: Record<string, number[]> = { '/paper': [], mention: [], '/healthz': [] };
  const pending: Promise<void>[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const [kind, init] of Object.entries(kinds)) {
      const t0 = performance.now();
      pending.push(fetch(`${base}/slack/events`, init()).then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${kind}: HTTP ${res.status}`);
        acks[kind].push(performance.now() - t0);
      }));
    }
    const t0 = performance.now();
    pending.push(fetch(`${base}/healthz`).then(async (res) => {
      await res.arrayBuffer();
      acks['/healthz'].push(performance.now() - t0);
    }));
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  await Promise.all(pending);
  return acks;
}

/** Another process: takes the write lock (BEGIN IMMEDIATE), holds it LOCK_MS, commits. */
async function holdLock(): Promise<{ released: Promise<void> }> {
  const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const proc = spawn(process.execPath, ['-e', script, dbPath, String(LOCK_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => proc.stdout!.on('data', (d) => String(d).includes('locked') && resolve()));
  return { released: new Promise<void>((resolve) => proc.on('exit', () => resolve())) };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]?.toFixed(1) ?? '-';
const report = (label: string, acks: Record<string, number[]>) => {
  console.log(label);
  for (const [kind, xs] of Object.entries(acks)) {
    console.log(`  ${kind.padEnd(9)} n=${String(xs.length).padStart(3)}  p50 ${pct(xs, 50)} ms  p95 ${pct(xs, 95)} ms  max ${pct(xs, 100)} ms  over 3 s: ${xs.filter((x) => x > 3000).length}`);
  }
};

console.log(`papers indexed: ${bot.services.index.size}; one request of each kind every ${GAP_MS} ms`);
report('no lock (2 s)', await probe(2000));
const { released } = await holdLock();
report(`another process holds the write lock for ${LOCK_MS / 1000} s`, await probe(LOCK_MS - 200));
await released;
report('after the lock (2 s)', await probe(2000));
const db = new Database(dbPath, { readonly: true });
// Mentions answered during the lock were deduped in this process's memory only (the documented fallback).
console.log(`mentions recorded in the shared dedupe table: ${(db.prepare('SELECT count(*) AS n FROM slack_events_seen').get() as { n: number }).n} of ${n}`);
db.close();
console.log(`warnings logged: ${logged.map((l) => JSON.parse(l).event ?? JSON.parse(l).msg).join(', ') || 'none'}`);
await bot.shutdown.run('bench');
await fake.close();
rmSync(dir, { recursive: true, force: true });
