// A SIGTERM that arrives while `npm start` is still starting (modules loading, the database opening) stops the bot
// the same way as one that arrives later: the database is closed and the process exits 0, not killed by the signal.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { holdWriteLock } from '../store/lock-holder.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-start-signal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start, stopped while it starts', () => {
  it('exits 0 through the shutdown when SIGTERM comes before the bot listens for it', async () => {
    const db = join(dir, 'paperbot.db');
    // Another process holds the new database file's lock for 3 s, so the bot is still opening it (a blocking wait,
    // before any handler of its own is installed) when the signal comes 1.2 s after the spawn.
    const { released } = await holdWriteLock(db, 3000);
    const child = spawn(process.execPath, ['bin/paperbot.js', 'start'], {
      env: { ...process.env, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', PAPERS_PATH: 'data/papers', DATABASE_PATH: db, INDEX_CACHE_PATH: join(dir, 'cache'), LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    child.kill('SIGTERM');
    // Bounded, so a bot that ignores the signal fails the test instead of outliving it.
    const stop = setTimeout(() => child.kill('SIGKILL'), 12_000);
    const { code, signal } = await exited.finally(() => clearTimeout(stop));
    await released;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/could not start|uncaught/);
  }, 20_000);
});
