// Acks while the bot starts: signed /paper every 100 ms from the moment the port opens until 2 s after ready.
// Run: node bin/run-ts.js bench/startup-acks.ts [from=scratch,snapshot]
// PAPERS_PATH defaults to the 75k arXiv corpus. The bot is the real one (`bin/paperbot.js start`, HTTP mode) in a
// child process, so a blocked event loop in the bot cannot also hold back this process's clock or its requests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { FakeSlack } from '../test/slack/fake-slack.ts';
import { freePort, slackSignature } from './slack-http.ts';

const PAPERS = process.env.PAPERS_PATH ?? '/work/shared/data/external/arxiv-daily-cs/arxiv_daily_2025-03-18_to_2026-07-01.dedup.jsonl.gz';
const RUNS = (process.argv[2] ?? 'scratch,snapshot').split(',') as Array<'scratch' | 'snapshot'>;
const SECRET = 'bench-secret';
const EVERY_MS = 100;
const AFTER_READY_MS = 2000;
/** Slack's ack deadline. */
const DEADLINE_MS = 3000;

const dir = mkdtempSync(join(tmpdir(), 'paperbot-startup-'));
const cacheDir = join(dir, 'cache');
const fake = await new FakeSlack().start();

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** One signed /paper; resolves with the ack time in ms (Infinity if the request failed or was not a 200). */
async function paper(port: number, text: string): Promise<number> {
  const body = new URLSearchParams({ command: '/paper', text, user_id: 'U0BENCH', channel_id: 'C1', team_id: 'T1', response_url: fake.responseUrl('C1', 'U0BENCH') }).toString();
  const t0 = performance.now();
  try {
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SECRET, body) }, body, signal: AbortSignal.timeout(60_000) });
    await res.arrayBuffer();
    return res.status === 200 ? performance.now() - t0 : Infinity;
  } catch {
    return Infinity;
  }
}

async function run(from: 'scratch' | 'snapshot') {
  if (from === 'scratch') rmSync(cacheDir, { recursive: true, force: true });
  const port = await freePort();
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), PAPERS_PATH: PAPERS, DATABASE_PATH: join(dir, `${from}.db`), INDEX_CACHE_PATH: cacheDir, LOG_LEVEL: 'info' };
  delete env.SLACK_APP_TOKEN; // HTTP mode
  // BOT_DIR: another checkout of paperbot to measure (e.g. the commit before a change); default this one.
  const child = spawn(process.execPath, [join(process.env.BOT_DIR ?? '.', 'bin/paperbot.js'), 'start'], { cwd: process.env.BOT_DIR ?? '.', env, stdio: ['ignore', 'pipe', 'inherit'] });
  let readyAt: number | undefined;
  let source = '?';
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.includes('"corpus_indexed"')) return;
    readyAt = performance.now();
    source = JSON.parse(line).source;
  });
  let gone = false;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => ((gone = true), r(code))));
  while (!(await portOpen(port))) {
    if (gone) throw new Error(`the bot exited before its port opened (code ${await exited})`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const openAt = performance.now();
  const acks: Array<Promise<number>> = [];
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      if (readyAt !== undefined && performance.now() - readyAt >= AFTER_READY_MS) return clearInterval(timer), done();
      acks.push(paper(port, 'robustness'));
    }, EVERY_MS);
  });
  const ms = (await Promise.all(acks)).sort((a, b) => a - b);
  child.kill('SIGTERM');
  await exited;
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))];
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'failed');
  console.log(
    `${from.padEnd(8)} (${source}): port open ${f(openAt - started)} ms, ready ${f(readyAt! - started)} ms after spawn; ` +
      `${ms.length} requests, ack p50 ${f(pct(50))} p99 ${f(pct(99))} max ${f(ms.filter(Number.isFinite).at(-1) ?? NaN)} ms, ` +
      `over ${DEADLINE_MS / 1000} s: ${ms.filter((x) => x > DEADLINE_MS).length} (of which no 200 at all: ${ms.filter((x) => !Number.isFinite(x)).length})`,
  );
}

try {
  for (const from of RUNS) await run(from);
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
