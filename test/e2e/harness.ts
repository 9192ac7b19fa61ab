// Starts the real bot (startPaperbot) against the loopback fake Web API, capturing log lines, for the e2e tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { checkMessage } from '../../src/blocks/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createLog, type Log } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { startPaperbot, type Paperbot, type PaperbotOptions } from '../../src/app.ts';
import type { SeenEvents } from '../../src/store/seen-events.ts';
import { FakeSlack } from '../slack/fake-slack.ts';

export const SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-0000-secret';

export interface Harness {
  bot: Paperbot;
  /** Temp folder holding this bot's database and index cache (removed by stop). */
  dir: string;
  fake: FakeSlack;
  /** Structured log lines the bot wrote. */
  logs: Array<Record<string, any>>;
  /** Raw log text (to check that no token leaked). */
  logText: () => string;
  stop: () => Promise<void>;
}

export interface HarnessOptions {
  /** Extra environment (SLACK_APP_TOKEN for Socket Mode, …). */
  env?: Record<string, string>;
  loadPapers?: () => Promise<Paper[]>;
  fake?: FakeSlack;
  /** Builds the bot's Slack retry dedupe on its log. Default: the store's shared table (as `npm start` runs). */
  dedupe?: (log: Log) => SeenEvents;
  /** More startPaperbot options (clock, digests, feeds). */
  more?: Partial<PaperbotOptions>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = opts.fake ?? (await new FakeSlack().start());
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  // Never the user's data/: the database and the index cache live in a temp folder (the shipped papers are only read).
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-e2e-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    PORT: '0',
    SLACK_API_URL: fake.apiUrl,
    PAPERS_PATH: 'data/papers',
    DATABASE_PATH: join(dir, 'paperbot.db'),
    INDEX_CACHE_PATH: join(dir, 'cache'),
    LOG_LEVEL: 'info',
    ...opts.env,
  });
  const log = createLog('info', sink);
  const bot = await startPaperbot({ config, log, loadPapers: opts.loadPapers, exit: () => {}, feeds: { watchCorpus: false }, ...(opts.dedupe ? { dedupe: opts.dedupe(log) } : {}), ...opts.more });
  const logText = () => chunks.join('');
  const logs = new Proxy([] as Array<Record<string, any>>, {
    get: (_t, p) => {
      const parsed = logText().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      return (parsed as any)[p];
    },
  });
  return {
    bot,
    dir,
    fake,
    logs,
    logText,
    stop: async () => {
      await bot.shutdown.run('test');
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every message the fake Web API or a response_url received passes Slack's Block Kit limits. */
export function expectAllMessagesValid(fake: FakeSlack): void {
  // Failed calls too: a message Slack refused must still have been a valid one.
  for (const call of fake.calls) {
    if (!/^chat\.|^response_url$/.test(call.method) || call.args.delete_original) continue;
    const message = { text: call.args.text, blocks: call.args.blocks };
    expect(checkMessage(message), `${call.method}: ${String(call.args.text).slice(0, 80)}`).toEqual([]);
  }
}
