// End to end: two bot replicas (two startBot apps in HTTP mode) on one DATABASE_PATH and one loopback Web API; a Slack
// retry delivered to the other replica is dropped there, so the mention is answered exactly once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventDedupe } from '../../src/store/seen-events.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { BOT_TOKEN, expectAllMessagesValid, SECRET, startHarness, type Harness } from './harness.ts';
import { CHANNEL, eventCallback, post, USER, waitFor } from './slack-requests.ts';

/** Slack's headers on a redelivery (https://docs.slack.dev/apis/events-api/#retries). */
const RETRY = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };

let tsCounter = 0;
/** An app_mention event_callback with its own ts (the answer's thread_ts) and event_id. */
function mention(query: string) {
  const ts = `1700001000.${String(++tsCounter).padStart(6, '0')}`;
  return { ts, req: eventCallback({ type: 'app_mention', user: USER, text: `<@UPAPERBOT> ${query}`, ts, channel: CHANNEL, event_ts: ts }) };
}

/** Every log line of a replica, parsed (the harness's `logs` proxy supports find, not filter). */
function linesOf(h: Harness): Array<Record<string, any>> {
  return h.logText().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function urlOf(h: Harness): string {
  return `http://127.0.0.1:${h.bot.port}/slack/events`;
}

/**
 * Two replicas on one fake Web API and one database file. `shared`: each has its own connection and the store's
 * shared seen-events table, as `npm start` runs them; otherwise the control: an in-memory dedupe per replica.
 */
async function startReplicas(shared: boolean) {
  const fake = await new FakeSlack().start();
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-replicas-'));
  const dbPath = join(dir, 'paperbot.db');
  const dbs: Db[] = [];
  const replicas: Harness[] = [];
  for (let i = 0; i < 2; i++) {
    // Each replica opens its own connection to the file, as separate processes do (startPaperbot's default store).
    replicas.push(await startHarness({ fake, env: { DATABASE_PATH: dbPath }, ...(shared ? {} : { dedupe: () => new EventDedupe() }) }));
  }
  await Promise.all(replicas.map((r) => r.bot.ready));
  dbs.push(openDatabase(dbPath)); // a third connection, only to look at the table
  return {
    fake,
    replicas,
    dbs,
    /** Answers to the mention whose ts is `ts`, once both replicas have finished what they started. */
    answers: async (ts: string) => {
      await Promise.all(replicas.map((r) => r.bot.inflight.idle()));
      return fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);
    },
    stop: async () => {
      for (const r of replicas) await r.stop();
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('two replicas sharing DATABASE_PATH', () => {
  let env: Awaited<ReturnType<typeof startReplicas>>;
  beforeAll(async () => {
    env = await startReplicas(true);
  });
  afterEach(() => expectAllMessagesValid(env.fake));
  afterAll(async () => {
    await env?.stop();
  });

  it('answer a mention once when Slack retries it to the other replica', async () => {
    const [a, b] = env.replicas;
    const { ts, req } = mention('robustness');
    expect((await post(urlOf(a), SECRET, req)).status).toBe(200);
    await waitFor(() => env.fake.callsTo('chat.postMessage').find((c) => c.args.thread_ts === ts));
    expect((await post(urlOf(b), SECRET, req, { headers: RETRY })).status).toBe(200);
    const dropped = await waitFor(() => b.logs.find((l) => l.outcome === 'duplicate' && l.event_id === req.eventId));
    expect(dropped).toMatchObject({ event: 'mention', retry_num: 1, channel: CHANNEL });
    const answers = await env.answers(ts);
    expect(answers).toHaveLength(1);
    expect(answers[0].args.text).toMatch(/for robustness/);
    expect(linesOf(a).filter((l) => l.event_id === req.eventId).map((l) => l.outcome)).toEqual(['answered']);
    expect(linesOf(b).filter((l) => l.event_id === req.eventId).map((l) => l.outcome)).toEqual(['duplicate']);
    expect(env.dbs[0].prepare('SELECT count(*) AS n FROM slack_events_seen WHERE event_id = ?').get(req.eventId)).toEqual({ n: 1 });
  });

  it('answer once when the delivery and its retry arrive at both replicas at the same time', async () => {
    const [a, b] = env.replicas;
    const { ts, req } = mention('backdoor attacks');
    const statuses = await Promise.all([post(urlOf(a), SECRET, req), post(urlOf(b), SECRET, req, { headers: RETRY })]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200]);
    await waitFor(() => env.fake.callsTo('chat.postMessage').find((c) => c.args.thread_ts === ts));
    expect(await env.answers(ts)).toHaveLength(1);
    const outcomes = [...linesOf(a), ...linesOf(b)].filter((l) => l.event_id === req.eventId).map((l) => l.outcome).sort();
    expect(outcomes).toEqual(['answered', 'duplicate']);
  });
});

describe('two replicas with the default in-memory dedupe (what the shared table fixes)', () => {
  it('answer the same mention twice', async () => {
    const env = await startReplicas(false);
    try {
      const [a, b] = env.replicas;
      const { ts, req } = mention('robustness');
      expect((await post(urlOf(a), SECRET, req)).status).toBe(200);
      await waitFor(() => env.fake.callsTo('chat.postMessage').find((c) => c.args.thread_ts === ts));
      expect((await post(urlOf(b), SECRET, req, { headers: RETRY })).status).toBe(200);
      await waitFor(() => env.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts).length === 2);
      expect(await env.answers(ts)).toHaveLength(2);
    } finally {
      await env.stop();
    }
  });
});

/** `npm start` as a child process, with the JSON log lines it has printed so far. */
function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/paperbot.js', 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
  return { child, lines, stderr: () => err, exited };
}

describe('two `npm start` processes (HTTP mode) on one DATABASE_PATH', () => {
  it('answer a mention once when its retry reaches the other process', async () => {
    const fake = await new FakeSlack().start();
    const dir = mkdtempSync(join(tmpdir(), 'paperbot-replicas-'));
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATABASE_PATH: join(dir, 'paperbot.db'),
      INDEX_CACHE_PATH: join(dir, 'cache'),
      PAPERS_PATH: 'data/papers',
      LOG_LEVEL: 'info',
    };
    const procs = [startProcess(env), startProcess(env)];
    let passed = false;
    try {
      const ready = await waitFor(() => {
        const found = procs.map((p) => p.lines().some((l) => l.event === 'corpus_indexed') && p.lines().find((l) => l.event === 'listening'));
        return found.every(Boolean) && found;
      }, 20_000).catch((e) => Promise.reject(new Error(`${e.message}: ${procs.map((p) => p.stderr()).join('\n')}`)));
      const [urlA, urlB] = ready.map((l) => `http://127.0.0.1:${(l as Record<string, any>).port}/slack/events`);
      const { ts, req } = mention('robustness');
      expect((await post(urlA, SECRET, req)).status).toBe(200);
      await waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.args.thread_ts === ts), 10_000);
      expect((await post(urlB, SECRET, req, { headers: RETRY })).status).toBe(200);
      const second = await waitFor(() => procs[1].lines().find((l) => l.event_id === req.eventId && l.outcome), 10_000);
      expect(second).toMatchObject({ outcome: 'duplicate', retry_num: 1 });
      await new Promise((r) => setTimeout(r, 100)); // a wrong second answer would be posted by now
      expect(fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
      expect(procs[0].lines().filter((l) => l.event_id === req.eventId).map((l) => l.outcome)).toEqual(['answered']);
      passed = true;
    } finally {
      for (const p of procs) p.child.kill('SIGTERM');
      const codes = await Promise.all(procs.map((p) => p.exited));
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
      // Only when the steps passed: a failed step's own error is the one to read (a process that could not start
      // exits 1, and this check would hide why).
      if (passed) expect(codes, procs.map((p) => p.stderr()).join('\n')).toEqual([0, 0]);
    }
  }, 40_000);
});
