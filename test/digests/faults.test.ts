// Digests under faults, with real processes and real signals: "at most once, and at least once unless Slack may
// already have shown it". A Slack that answers 429, a process killed during the wait, a Slack that never answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../slack/fake-slack.ts';
import { openDatabase } from '../../src/store/database.ts';
import { BotFolder, shown, until, type Child } from './processes.ts';

let slack: FakeSlack;
let folder: BotFolder;
const children: Child[] = [];

beforeEach(async () => {
  slack = await new FakeSlack().start();
  folder = new BotFolder(slack);
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  await slack.close();
  folder.remove();
});

const spawned = (c: Child) => (children.push(c), c);
const posts = () => slack.callsTo('chat.postMessage').length;

describe('digests survive faults (real processes)', () => {
  it('`digest send` waits out a 429 (Retry-After 2) and posts once, instead of exiting mid-wait', async () => {
    slack.fail('chat.postMessage', { status: 429, retryAfter: 2, times: 1 });
    const cli = spawned(folder.run('digest', 'send', 'C1'));
    const end = await cli.exited;
    expect(end.code, cli.out()).toBe(0);
    expect(cli.out()).toMatch(/#1 \d{4}-\d\d-\d\d: sent \(2 papers\)/);
    expect(end.ms).toBeGreaterThanOrEqual(2000);
    expect(posts()).toBe(2);
    expect(shown(slack)).toHaveLength(1);
    expect(folder.run1()).toMatchObject({ status: 'sent' });
  }, 30_000);

  it('SIGKILL during a 429 wait leaves "not posted, retry at T"; a restart within the catch-up window sends it once', async () => {
    slack.fail('chat.postMessage', { status: 429, retryAfter: 3 });
    const cli = spawned(folder.run('digest', 'send', 'C1'));
    await until(() => posts() === 1 && folder.run1()?.retry_at != null, 'the 429 and its recorded retry time');
    cli.proc.kill('SIGKILL');
    expect((await cli.exited).signal).toBe('SIGKILL');
    const row = folder.run1()!;
    expect(row).toMatchObject({ status: 'failed', retryable: 1 });
    expect(Date.parse(row.retry_at!)).toBeGreaterThan(Date.now() - 3000);

    slack.clearFailures();
    const bot = spawned(folder.run('start'));
    await until(() => shown(slack).length === 1, 'the restarted bot to send the digest');
    await until(() => folder.run1()?.status === 'sent', 'the run to be marked sent');
    bot.proc.kill('SIGTERM');
    expect((await bot.exited).code, bot.out()).toBe(0);
    expect(shown(slack)).toHaveLength(1);
    // And never twice: one more start the same day posts nothing.
    const again = spawned(folder.run('start'));
    await until(() => /digests started/.test(again.out()), 'the second start to run its catch-up');
    again.proc.kill('SIGTERM');
    await again.exited;
    expect(shown(slack)).toHaveLength(1);
  }, 60_000);

  it('SIGTERM to the bot during a 429 wait: exits 0 at once, logs "stopped", and the next start sends the digest', async () => {
    slack.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    const bot = spawned(folder.run('start'));
    await until(() => /digest post failed, retrying/.test(bot.out()), 'the bot to start waiting out the 429');
    const t0 = Date.now();
    bot.proc.kill('SIGTERM');
    const end = await bot.exited;
    expect(end.code, bot.out()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(bot.out()).toMatch(/"msg":"stopped"/);
    expect(folder.run1()).toMatchObject({ status: 'failed', retryable: 1 });

    // Slack's Retry-After (30 s) is still recorded, so the restart waits for it; here it is moved to "now".
    slack.clearFailures();
    const db = openDatabase(folder.dbPath);
    db.prepare('UPDATE runs SET retry_at = ?').run(new Date().toISOString());
    db.close();
    const again = spawned(folder.run('start'));
    await until(() => shown(slack).length === 1, 'the restarted bot to send the digest');
    again.proc.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
    expect(shown(slack)).toHaveLength(1);
  }, 60_000);

  it('a post Slack never answers: SIGTERM exits 0 within the grace, and the run is never resent (it may have landed)', async () => {
    slack.fail('chat.postMessage', { hang: true });
    const bot = spawned(folder.run('start'));
    await until(() => posts() === 1, 'the digest post to reach Slack');
    const t0 = Date.now();
    bot.proc.kill('SIGTERM');
    const end = await bot.exited;
    expect(end.code, bot.out()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000 + 1500); // the documented grace, plus the process's own exit
    expect(bot.out()).toMatch(/"msg":"stopped"/);
    expect(folder.run1()).toMatchObject({ status: 'failed', retryable: 0 });
    expect(folder.run1()!.error).toMatch(/interrupted/);

    slack.clearFailures();
    const again = spawned(folder.run('start'));
    await until(() => /digests started/.test(again.out()), 'the restart to run its catch-up');
    again.proc.kill('SIGTERM');
    await again.exited;
    expect(posts()).toBe(1); // not resent
  }, 60_000);

  it('SIGKILL while Slack has the post: the claimed run is not resent by a restart', async () => {
    slack.fail('chat.postMessage', { hang: true });
    const cli = spawned(folder.run('digest', 'send', 'C1'));
    await until(() => posts() === 1, 'the digest post to reach Slack');
    cli.proc.kill('SIGKILL');
    await cli.exited;
    expect(folder.run1()).toMatchObject({ status: 'claimed' });
    slack.clearFailures();
    const again = spawned(folder.run('start'));
    await until(() => /digests started/.test(again.out()), 'the restart to run its catch-up');
    again.proc.kill('SIGTERM');
    await again.exited;
    expect(posts()).toBe(1);
    expect(folder.run1()).toMatchObject({ status: 'claimed' });
  }, 60_000);
});
