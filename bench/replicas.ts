// Two paperbot replicas (separate `paperbot start` processes) on one throwaway PostgreSQL behind a round-robin "load
// balancer": ack and answer latency, and every answer exactly once while each mention's Slack retry reaches the other
// replica at the same moment; then one replica under the same load, for comparison. Prints numbers only.
// Run: npm run bench:replicas [-- --requests 400 --concurrency 8 --mentions 100 --papers data/papers]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FakeSlack, type RecordedCall } from '../test/slack/fake-slack.ts';
import { freePort, slackSignature } from './slack-http.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    mentions: { type: 'string', default: '100' },
    papers: { type: 'string', default: 'data/papers' },
  },
});
const N = Number(args.requests);
const C = Number(args.concurrency);
const M = Number(args.mentions);
const PAPERS = resolve(args.papers!);
const REPO = resolve(import.meta.dirname, '..');
const BIN = join(REPO, 'bin/paperbot.js');
const SECRET = 'bench-replicas-secret';
const TOKEN = 'xoxb-bench-replicas';
const TEAM = 'T0BENCH';
const USER = 'U0BENCH';
const CHANNEL = 'C0BENCH';
const QUERIES = ['robustness', 'backdoor attacks', 'distribution shift', 'imagenet transfer', 'robustnss', 'datamodels', 'policy gradients'];
/** A user-facing failure sentence (src/blocks/failure-text.ts) or "still indexing": an answer, but not a good one. */
const FAILURE = /went wrong|isn't answering|couldn't reach|rate-limiting|still indexing|refused/i;

/** One `paperbot start` process in its own working folder. */
interface Replica {
  name: string;
  url: string;
  proc: ChildProcess;
  dir: string;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  requests: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a replica as a load balancer's target would run: its own working folder and index cache, the shared
 * DATABASE_URL, signing secret and bot token, and nothing inherited from this shell (no .env, no SLACK_APP_TOKEN).
 * LOG_LEVEL=warn hides the `listening` line that reports PORT=0's port, so the port is chosen here.
 */
async function startReplica(name: string, databaseUrl: string, apiUrl: string): Promise<Replica> {
  const dir = mkdtempSync(join(tmpdir(), `paperbot-replica-${name}-`));
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', HOME: dir, DATABASE_URL: databaseUrl, PORT: String(port), SLACK_API_URL: apiUrl, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, PAPERS_PATH: PAPERS, INDEX_CACHE_PATH: join(dir, 'cache'), LOG_LEVEL: 'warn' };
  const proc = spawn(process.execPath, [BIN, 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  const replica: Replica = { name, url: `http://127.0.0.1:${port}`, proc, dir, out: () => out, exited, requests: 0 };
  let gone = false;
  void exited.then(() => (gone = true));
  for (const end = Date.now() + 60_000; ; await sleep(100)) {
    if (gone) throw new Error(`replica ${name} exited before it was ready:\n${out}`);
    if (Date.now() > end) throw new Error(`replica ${name}: GET /healthz not 200 within 60 s:\n${out}`);
    const res = await fetch(`${replica.url}/healthz`).catch(() => undefined);
    if (res?.status === 200) return replica;
  }
}

/** SIGTERM, then the exit code (the bot drains its handlers first, so no answer arrives after this). */
async function stopReplica(r: Replica): Promise<number | null> {
  if (r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill('SIGTERM');
  const { code, signal } = await r.exited;
  return signal ? -1 : code;
}

/** What one run measured. */
interface RunResult {
  replicas: Replica[];
  ackMs: number[];
  slashAnswerMs: number[];
  mentionAnswerMs: number[];
  httpErrors: string[];
  slashAnswers: number[];
  mentionAnswers: number[];
  failureAnswers: number;
  slackErrors: number;
  exitCodes: (number | null)[];
  logProblems: Map<string, number>;
  strayFiles: string[];
  wallMs: number;
}

let mentionCounter = 0;

/** N slash commands and M mention+retry pairs, interleaved, C at a time, round-robin over `count` fresh replicas. */
async function run(count: number, databaseUrl: string, fake: FakeSlack): Promise<RunResult> {
  const replicas: Replica[] = [];
  try {
    for (let i = 0; i < count; i++) replicas.push(await startReplica(String.fromCharCode(65 + i), databaseUrl, fake.apiUrl));
    return await load(replicas, fake);
  } finally {
    for (const r of replicas) if (r.proc.exitCode === null) r.proc.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
    for (const r of replicas) rmSync(r.dir, { recursive: true, force: true });
  }
}

async function load(replicas: Replica[], fake: FakeSlack): Promise<RunResult> {
  const R = replicas.length;
  const ackMs: number[] = [];
  const httpErrors: string[] = [];
  // Arrival time of every answer, by its key: `s<response_url id>` for a slash command, `m<thread_ts>` for a mention.
  const arrivals = new Map<string, number[]>();
  let failureAnswers = 0;
  let slackErrors = 0;
  const onCall = (c: RecordedCall) => {
    const at = performance.now();
    if (c.error) slackErrors += 1;
    const key = c.method === 'response_url' ? `s${c.responseUrl?.id}` : c.method === 'chat.postMessage' && c.args.thread_ts ? `m${c.args.thread_ts}` : undefined;
    if (!key) return;
    if (FAILURE.test(String(c.args.text ?? ''))) failureAnswers += 1;
    arrivals.set(key, [...(arrivals.get(key) ?? []), at]);
  };

  async function send(r: Replica, body: string, contentType: string, extra: Record<string, string> = {}): Promise<void> {
    r.requests += 1;
    const t0 = performance.now();
    try {
      const res = await fetch(`${r.url}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...slackSignature(SECRET, body), ...extra }, body });
      ackMs.push(performance.now() - t0);
      await res.arrayBuffer();
      if (res.status !== 200) httpErrors.push(`${r.name}: HTTP ${res.status}`);
    } catch (err) {
      httpErrors.push(`${r.name}: ${(err as Error).message}`);
    }
  }

  // Warm-up (not measured): a few requests per replica, so the first JIT and pool connections are not in the numbers.
  for (const r of replicas) {
    for (const q of QUERIES) {
      const body = new URLSearchParams({ command: '/paper', text: q, user_id: USER, channel_id: CHANNEL, team_id: TEAM, response_url: fake.responseUrl(CHANNEL, USER) }).toString();
      await send(r, body, 'application/x-www-form-urlencoded');
    }
    r.requests = 0;
  }
  await sleep(500);
  ackMs.length = 0;
  httpErrors.length = 0;
  fake.on('call', onCall);

  const slashSent: Array<{ key: string; t0: number }> = [];
  const mentionSent: Array<{ key: string; t0: number }> = [];
  const jobs: Array<'slash' | 'mention'> = [];
  for (let k = 0; k < N + M; k++) jobs.push(Math.floor(((k + 1) * M) / (N + M)) > Math.floor((k * M) / (N + M)) ? 'mention' : 'slash');
  let next = 0;
  let slashes = 0;
  let mentions = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (job === 'slash') {
        const i = slashes++;
        const responseUrl = fake.responseUrl(CHANNEL, USER);
        const body = new URLSearchParams({ token: 'legacy', command: '/paper', text: QUERIES[i % QUERIES.length], user_id: USER, channel_id: CHANNEL, team_id: TEAM, response_url: responseUrl, trigger_id: `1.2.${i}` }).toString();
        slashSent.push({ key: `s${responseUrl.split('/').pop()}`, t0: performance.now() });
        await send(replicas[i % R], body, 'application/x-www-form-urlencoded');
      } else {
        // Slack redelivers an event it thinks was not acked: same event_id, X-Slack-Retry-Num (https://docs.slack.dev/apis/events-api/#retries).
        const j = mentions++;
        const ts = `1700002000.${String(++mentionCounter).padStart(6, '0')}`;
        const event = { type: 'app_mention', user: USER, text: `<@UPAPERBOT> ${QUERIES[j % QUERIES.length]}`, ts, channel: CHANNEL, event_ts: ts };
        const body = JSON.stringify({ token: 'legacy', team_id: TEAM, api_app_id: 'A0BENCH', type: 'event_callback', event_id: `EvBENCH${mentionCounter}`, event_time: Math.floor(Date.now() / 1000), event, authorizations: [{ team_id: TEAM, user_id: 'UPAPERBOT', is_bot: true }] });
        mentionSent.push({ key: `m${ts}`, t0: performance.now() });
        await Promise.all([send(replicas[j % R], body, 'application/json'), send(replicas[(j + 1) % R], body, 'application/json', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })]);
      }
    }
  }
  await Promise.all(Array.from({ length: C }, worker));
  const sent = [...slashSent, ...mentionSent];
  const acked = performance.now();
  for (const end = Date.now() + 30_000; Date.now() < end && sent.some((s) => !arrivals.has(s.key)); ) await sleep(20);
  // Until the last ack or first answer: a missing answer's 30 s wait is not load.
  const wallMs = Math.max(acked, ...sent.flatMap((s) => arrivals.get(s.key)?.slice(0, 1) ?? [])) - started;

  // Stopped before counting: a replica drains its handlers on SIGTERM, so a late second answer would be counted.
  const exitCodes = await Promise.all(replicas.map(stopReplica));
  fake.off('call', onCall);
  const logProblems = new Map<string, number>();
  for (const r of replicas) {
    for (const line of r.out().split('\n').filter(Boolean)) {
      let key = line.slice(0, 80);
      try {
        const l = JSON.parse(line);
        if (l.level < 40) continue;
        key = `${l.event ?? l.msg}${l.error ? ` (${l.error})` : ''}`;
      } catch {}
      logProblems.set(key, (logProblems.get(key) ?? 0) + 1);
    }
  }
  const answerMs = (list: typeof sent) => list.filter((s) => arrivals.has(s.key)).map((s) => arrivals.get(s.key)![0] - s.t0);
  return {
    replicas,
    ackMs,
    slashAnswerMs: answerMs(slashSent),
    mentionAnswerMs: answerMs(mentionSent),
    httpErrors,
    slashAnswers: slashSent.map((s) => arrivals.get(s.key)?.length ?? 0),
    mentionAnswers: mentionSent.map((s) => arrivals.get(s.key)?.length ?? 0),
    failureAnswers,
    slackErrors,
    exitCodes,
    logProblems,
    // With DATABASE_URL nothing should be written to the working folder but the index cache.
    strayFiles: replicas.flatMap((r) => (existsSync(join(r.dir, 'data')) ? [`${r.name}: ${join(r.dir, 'data')}`] : [])),
    wallMs,
  };
}

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(1) : '-');
const tally = (counts: number[]) => `${counts.filter((n) => n === 1).length} once, ${counts.filter((n) => n === 0).length} never, ${counts.filter((n) => n > 1).length} more than once`;

function report(title: string, r: RunResult): boolean {
  const requests = r.ackMs.length + r.httpErrors.length;
  console.log(`\n${title}`);
  console.log(`  requests per replica   ${r.replicas.map((x) => `${x.name} ${x.requests}`).join(', ')} (${requests} in ${(r.wallMs / 1000).toFixed(1)} s, ${(requests / (r.wallMs / 1000)).toFixed(0)}/s)`);
  console.log(`  ack (HTTP 200)         p50 ${pct(r.ackMs, 50)} ms  p95 ${pct(r.ackMs, 95)} ms  p99 ${pct(r.ackMs, 99)} ms  max ${pct(r.ackMs, 100)} ms`);
  console.log(`  answer, /paper         p50 ${pct(r.slashAnswerMs, 50)} ms  p95 ${pct(r.slashAnswerMs, 95)} ms  max ${pct(r.slashAnswerMs, 100)} ms`);
  console.log(`  answer, mention        p50 ${pct(r.mentionAnswerMs, 50)} ms  p95 ${pct(r.mentionAnswerMs, 95)} ms  max ${pct(r.mentionAnswerMs, 100)} ms`);
  console.log(`  /paper answered        ${tally(r.slashAnswers)} (of ${r.slashAnswers.length})`);
  console.log(`  mentions answered      ${tally(r.mentionAnswers)} (of ${r.mentionAnswers.length}, each also retried to ${r.replicas.length > 1 ? 'the other replica' : 'the same replica'})`);
  console.log(`  errors                 HTTP ${r.httpErrors.length}${r.httpErrors.length ? ` (${[...new Set(r.httpErrors)].slice(0, 3).join('; ')})` : ''}, failure answers ${r.failureAnswers}, Slack calls failed ${r.slackErrors}`);
  console.log(`  log warn/error lines   ${r.logProblems.size ? [...r.logProblems].map(([k, n]) => `${k} ×${n}`).join(', ') : 'none'}`);
  console.log(`  SIGTERM exit codes     ${r.exitCodes.join(', ')}${r.strayFiles.length ? `; files written outside the cache: ${r.strayFiles.join(', ')}` : ''}`);
  const ok = r.httpErrors.length === 0 && r.failureAnswers === 0 && [...r.slashAnswers, ...r.mentionAnswers].every((n) => n === 1) && r.exitCodes.every((c) => c === 0);
  if (!ok) console.log('  NOT OK: see above');
  return ok;
}

const pgDir = mkdtempSync(join(tmpdir(), 'paperbot-bench-pg-'));
const fake = await new FakeSlack().start();
let ok = false;
const stopPostgres = () => spawnSync('bash', [join(REPO, '.ci/postgres'), 'stop', pgDir], { stdio: 'inherit' });
process.once('SIGINT', () => (stopPostgres(), process.exit(130)));
try {
  const started = spawnSync('bash', [join(REPO, '.ci/postgres'), 'start', pgDir], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`.ci/postgres start failed:\n${started.stderr}`);
  const databaseUrl = /^DATABASE_URL=(.*)$/m.exec(readFileSync(join(pgDir, 'env'), 'utf8'))![1];
  const cpu = cpus();
  console.log(`machine: ${cpu[0].model}, ${cpu.length} cores, Node ${process.version}; PostgreSQL 15 (.ci/postgres), ${new Date().toISOString().slice(0, 10)}`);
  console.log(`load: ${N} /paper commands + ${M} mentions (each delivered with its retry at once), ${C} at a time; corpus ${PAPERS}`);
  const two = await run(2, databaseUrl, fake);
  const one = await run(1, databaseUrl, fake);
  ok = report('two replicas, round-robin, one PostgreSQL', two) && report('one replica, same load, same PostgreSQL', one);
} finally {
  await fake.close();
  stopPostgres();
  rmSync(pgDir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
