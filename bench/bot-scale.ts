// The bot itself at scale: the real `paperbot start` (HTTP mode, loopback Slack) on the 74,728 arXiv records replicated
// to --size papers, from scratch and then from its snapshot. Prints time to ready, RSS, and /paper, mention and
// like/filter latencies measured through signed requests, with the SIGTERM exit code.
// Run: npm run bench:bot-scale [-- --size 971464 --queries 120 --runs scratch,snapshot] [--keep DIR]
// The corpus (~1.8 GB at 1M papers) and the snapshot (~2.4 GB) go to a temp folder, removed at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { FakeSlack, type RecordedCall } from '../test/slack/fake-slack.ts';
import { ARXIV_FILE, QUERIES, percentile } from './scale-queries.ts';
import { freePort, slackSignature } from './slack-http.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '971464' },
    queries: { type: 'string', default: '120' },
    runs: { type: 'string', default: 'scratch,snapshot' },
    /** NODE_OPTIONS heap for the bot (MiB); default none: the index worker sizes its own heap to the corpus. */
    heap: { type: 'string' },
    /** Keep the corpus, snapshot and database in this folder between runs (reused when there): for repeated runs. */
    keep: { type: 'string' },
  },
});
const SIZE = Number(args.size);
const Q = Number(args.queries);
const RUNS = args.runs!.split(',') as Array<'scratch' | 'snapshot'>;
const REPO = resolve(import.meta.dirname, '..');
const SECRET = 'bench-bot-scale-secret';
const TEAM = 'T0SCALE';
const USER = 'U0SCALE';
const CHANNEL = 'C0SCALE';

if (!existsSync(ARXIV_FILE)) {
  console.log(`skipped: ${ARXIV_FILE} is not here`);
  process.exit(0);
}

const dir = args.keep ? resolve(args.keep) : mkdtempSync(join(tmpdir(), 'paperbot-bot-scale-'));
const corpusFile = join(dir, 'corpus', `arxiv-x${SIZE}.jsonl`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Bots started; any still running when the bench ends (a failed run) is killed. */
const bots = new Set<ChildProcess>();

/**
 * The arXiv records replicated as bench:scale does (bench/scale-growth.ts): copy c > 0 of a record gets the id
 * `<id>~c`, its title followed by c, and no arXiv links or DOI, so no duplicate merging folds it back; copy 0 is the
 * record as it is. Written as JSON Lines, the format a lab's corpus file has.
 */
async function writeCorpus(): Promise<number> {
  const records: Record<string, unknown>[] = [];
  const lines = createInterface({ input: createReadStream(ARXIV_FILE).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) records.push(JSON.parse(line));
  mkdirSync(join(dir, 'corpus'), { recursive: true });
  const out = createWriteStream(corpusFile);
  let written = 0;
  for (let c = 0; written < SIZE; c++) {
    for (const r of records) {
      if (written >= SIZE) break;
      const copy = c === 0 ? r : { id: `${r.id}~${c}`, title: `${r.title} ${c}`, authors: r.authors, categories: r.categories, summary: r.summary, listing_date: r.listing_date, published: r.published };
      if (!out.write(`${JSON.stringify(copy)}\n`)) await new Promise<void>((ok) => out.once("drain", () => ok()));
      written++;
    }
  }
  await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
  return written;
}

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc. */
function rss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function run(from: 'scratch' | 'snapshot', fake: FakeSlack): Promise<void> {
  const cacheDir = join(dir, 'cache');
  if (from === 'scratch') rmSync(cacheDir, { recursive: true, force: true });
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    SLACK_BOT_TOKEN: 'xoxb-bench-scale',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    PAPERS_PATH: corpusFile,
    DATABASE_PATH: join(dir, 'bot.db'),
    INDEX_CACHE_PATH: cacheDir,
    LOG_LEVEL: 'info',
    ...(args.heap ? { NODE_OPTIONS: `--max-old-space-size=${args.heap}` } : {}),
  };
  const load0 = loadavg()[0];
  const started = performance.now();
  const child = spawn(process.execPath, [join(REPO, 'bin/paperbot.js'), 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  bots.add(child);
  let readyAt: number | undefined;
  let source = '?';
  let timings: Record<string, number> = {};
  let tail = '';
  const problems: string[] = [];
  const watch = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (line) => {
      tail = (tail + line + '\n').slice(-4000);
      if (/"level":(40|50|60)/.test(line) && !line.includes('corpus_issue')) problems.push(line.slice(0, 300));
      if (line.includes('"corpus_indexed"')) {
        readyAt = performance.now();
        ({ source, timings = {} } = JSON.parse(line));
      }
    });
  watch(child.stdout!);
  watch(child.stderr!);
  let gone = false;
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ((gone = true), ok(code))));
  let peakDuringStart = 0;
  while (readyAt === undefined) {
    if (gone) throw new Error(`the bot exited before it was ready (code ${await exited}):\n${tail}`);
    try {
      peakDuringStart = Math.max(peakDuringStart, rss(child.pid!).peak);
    } catch {
      // the process is starting or gone
    }
    await sleep(200);
  }
  const readyMs = readyAt - started;
  const cpuAtReady = cpuSeconds(child.pid!);
  // Settle: the library records first-seen rows, warms the typo trees and builds the recommender in slices.
  await sleep(5000);
  const settled = rss(child.pid!);

  const answers = new Map<string, number>();
  const onCall = (c: RecordedCall) => {
    const key = c.method === 'response_url' ? `s${c.responseUrl?.id}` : c.method === 'chat.postMessage' && c.args.thread_ts ? `m${c.args.thread_ts}` : undefined;
    if (key && !answers.has(key)) answers.set(key, performance.now());
  };
  fake.on('call', onCall);
  async function post(body: string, type: string): Promise<number> {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': type, ...slackSignature(SECRET, body) }, body });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return performance.now() - t0;
  }
  async function answered(key: string, t0: number): Promise<number> {
    for (const end = performance.now() + 60_000; performance.now() < end; await sleep(2)) {
      const at = answers.get(key);
      if (at !== undefined) return at - t0;
    }
    throw new Error(`no answer for ${key}; log: ${tail.slice(-1500)}`);
  }
  const slash = async (text: string) => {
    const responseUrl = fake.responseUrl(CHANNEL, USER);
    const body = new URLSearchParams({ command: '/paper', text, user_id: USER, channel_id: CHANNEL, team_id: TEAM, response_url: responseUrl, trigger_id: '1.2.3' }).toString();
    const t0 = performance.now();
    const ack = await post(body, 'application/x-www-form-urlencoded');
    return { ack, answer: await answered(`s${responseUrl.split('/').pop()}`, t0) };
  };
  let n = 0;
  const mention = async (text: string) => {
    // Unique across runs: the runs share a database, whose seen-events table would drop a repeated event id.
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++n).padStart(6, '0')}`;
    const event = { type: 'app_mention', user: USER, text: `<@UPAPERBOT> ${text}`, ts, channel: CHANNEL, event_ts: ts };
    const body = JSON.stringify({ team_id: TEAM, api_app_id: 'A0SCALE', type: 'event_callback', event_id: `EvSCALE${from}${ts}`, event_time: Math.floor(Date.now() / 1000), event, authorizations: [{ team_id: TEAM, user_id: 'UPAPERBOT', is_bot: true }] });
    const t0 = performance.now();
    const ack = await post(body, 'application/json');
    return { ack, answer: await answered(`m${ts}`, t0) };
  };

  const first = await slash(QUERIES[0]);
  const acks: number[] = [];
  const slashMs: number[] = [];
  for (let i = 0; i < Q; i++) {
    const r = await slash(QUERIES[i % QUERIES.length]);
    acks.push(r.ack);
    slashMs.push(r.answer);
  }
  const mentionMs: number[] = [];
  for (let i = 0; i < Math.max(12, Q / 4); i++) {
    const r = await mention(QUERIES[i % QUERIES.length]);
    acks.push(r.ack);
    mentionMs.push(r.answer);
  }
  // Other paths a lab uses: papers like one (by arXiv id; its postings are walked as a long query), a year filter
  // with words, and an author filter (each candidate's record is read to check its authors).
  const like = await slash('like 2503.11731');
  const filtered = await slash('diffusion year:2026');
  const byAuthor = await slash('author:"Qifeng Chen" diffusion');
  const yearOnly = await slash('year:2026');
  fake.off('call', onCall);
  const serving = rss(child.pid!);
  const cpuTotal = cpuSeconds(child.pid!);
  child.kill('SIGTERM');
  const code = await exited;
  acks.sort((a, b) => a - b);
  slashMs.sort((a, b) => a - b);
  mentionMs.sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(x < 10 ? 1 : 0);
  console.log(
    JSON.stringify({
      from,
      source,
      papers: SIZE,
      loadAverageAtStart: Number(load0.toFixed(2)),
      loadAverageAtEnd: Number(loadavg()[0].toFixed(2)),
      readyS: Number((readyMs / 1000).toFixed(2)),
      readyTimingsMs: timings,
      cpuToReadyS: cpuAtReady,
      peakRssToReadyMiB: Math.round(peakDuringStart),
      rssSettledMiB: Math.round(settled.now),
      rssServingMiB: Math.round(serving.now),
      peakRssMiB: Math.round(serving.peak),
      firstSlashMs: Number(f(first.answer)),
      ackP50Ms: Number(f(percentile(acks, 50))),
      ackP99Ms: Number(f(percentile(acks, 99))),
      slashAnswerP50Ms: Number(f(percentile(slashMs, 50))),
      slashAnswerP99Ms: Number(f(percentile(slashMs, 99))),
      mentionAnswerP50Ms: Number(f(percentile(mentionMs, 50))),
      mentionAnswerP99Ms: Number(f(percentile(mentionMs, 99))),
      likeMs: Number(f(like.answer)),
      yearFilterMs: Number(f(filtered.answer)),
      authorFilterMs: Number(f(byAuthor.answer)),
      yearOnlyMs: Number(f(yearOnly.answer)),
      cpuTotalS: cpuTotal,
      sigtermExit: code,
      warnings: problems.length,
    }),
  );
  for (const p of problems.slice(0, 5)) console.log(`  warning: ${p}`);
}

const fake = await new FakeSlack().start();
try {
  const t = performance.now();
  if (!args.keep || !existsSync(corpusFile)) {
    const written = await writeCorpus();
    console.log(JSON.stringify({ corpus: corpusFile, papers: written, writeS: Number(((performance.now() - t) / 1000).toFixed(1)) }));
  }
  for (const from of RUNS) await run(from, fake);
} finally {
  for (const bot of bots) if (bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
  await fake.close();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
