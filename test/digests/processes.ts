// Real paperbot processes for the fault tests: `paperbot start` and `paperbot digest send` on a temp folder, talking to
// a loopback Slack, killed with real signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.ts';
import { SqliteSubscriptionStore } from '../../src/store/subscriptions.ts';
import type { FakeSlack } from '../slack/fake-slack.ts';
import { PAPERS } from './papers.ts';

/** A running child: its output so far, and how it ended. */
export interface Child {
  proc: ChildProcess;
  out: () => string;
  /** Resolves with the exit code (null when killed by a signal) and how long it ran, in ms. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** A folder with a small corpus and a database holding one daily digest of C1 that was due a minute ago. */
export class BotFolder {
  readonly dir = mkdtempSync(join(tmpdir(), 'paperbot-faults-'));
  readonly dbPath = join(this.dir, 'bot.db');

  constructor(private readonly slack: FakeSlack) {
    writeFileSync(join(this.dir, 'lab.jsonl'), PAPERS.map((p) => JSON.stringify({ id: p.id, title: p.title, authors: p.authors, abstract: p.abstract, date: p.date })).join('\n'));
    // A zone where it is about noon now, so "a minute ago" is the same local day whatever the hour in UTC.
    const offset = 12 - new Date().getUTCHours();
    const timezone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    const local = new Date(Date.now() + offset * 3_600_000 - 60_000);
    const time = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
    const db = openDatabase(this.dbPath);
    // The SQLite store runs its statement before its promise settles, so the row is written before the close below.
    void new SqliteSubscriptionStore(db).add('C1', 'U1', { topic: 'robustness', time, timezone, days: 'daily', count: 2, notifyEmpty: false }, new Date(Date.now() - 2 * 86_400_000));
    db.close();
  }

  env(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      DATABASE_PATH: this.dbPath,
      INDEX_CACHE_PATH: 'off',
      PAPERS_PATH: join(this.dir, 'lab.jsonl'),
      SLACK_BOT_TOKEN: 'xoxb-faults-test',
      SLACK_SIGNING_SECRET: 'faults-secret',
      SLACK_API_URL: this.slack.apiUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
    };
  }

  /** `paperbot <args>` as a real process in this folder's configuration. */
  run(...args: string[]): Child {
    const started = Date.now();
    const proc = spawn(process.execPath, [join(process.cwd(), 'bin/paperbot.js'), ...args], { cwd: this.dir, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started })));
    return { proc, out: () => out, exited };
  }

  /** The digest run of C1's subscription (there is one day in these tests). */
  run1(): { status: string; retryable: number; retry_at: string | null; error: string | null } | undefined {
    const db = openDatabase(this.dbPath);
    try {
      return db.prepare('SELECT status, retryable, retry_at, error FROM runs WHERE subscription_id = 1').get() as any;
    } finally {
      db.close();
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls `check` every 20 ms until it holds, or throws after `ms` naming `what`. */
export async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Posts Slack actually made in channels (answered 200, not failed, not hung). */
export const shown = (slack: FakeSlack) => slack.callsTo('chat.postMessage').filter((c) => c.status === 200 && !c.error && String(c.args.channel).startsWith('C'));
