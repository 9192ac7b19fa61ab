import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../cli/run-cli.ts';
import { openDatabase } from '../../src/store/database.ts';
import { SqliteSubscriptionStore } from '../../src/store/subscriptions.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { PAPERS } from './papers.ts';

let dir: string;
let slack: FakeSlack;


beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-cli-'));
  slack = await new FakeSlack().start();
  writeFileSync(join(dir, 'lab.jsonl'), PAPERS.map((p) => JSON.stringify({ id: p.id, title: p.title, authors: p.authors, abstract: p.abstract, date: p.date })).join('\n'));
  const db = openDatabase(join(dir, 'bot.db'));
  await new SqliteSubscriptionStore(db).add('C1', 'U1', { topic: 'robustness', time: '09:00', timezone: 'UTC', days: 'daily', count: 2, notifyEmpty: false }, new Date());
  db.close();
  vi.stubEnv('DATABASE_PATH', join(dir, 'bot.db'));
  vi.stubEnv('INDEX_CACHE_PATH', join(dir, 'cache')); // never the user's data/.cache
  vi.stubEnv('PAPERS_PATH', join(dir, 'lab.jsonl'));
  vi.stubEnv('SLACK_BOT_TOKEN', 'xoxb-test');
  vi.stubEnv('SLACK_API_URL', slack.apiUrl);
  vi.stubEnv('SLACK_APP_TOKEN', '');
  vi.stubEnv('ARXIV_CATEGORIES', '');
  vi.stubEnv('ARXIV_QUERY', '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('paperbot digest', () => {
  it('previews without posting or recording', async () => {
    const res = await cli('digest', 'preview', 'C1');
    expect(res.code).toBe(0);
    expect(res.out).toContain('#1 Every day at 09:00 UTC, up to 2 papers on *robustness*');
    expect(res.out).toMatch(/Daily papers · robustness · /);
    // Buttons cannot be pressed in CLI output: no "[1] Show abstract" numbering, no button rows.
    expect(res.out).not.toMatch(/\[\d+\]/);
    expect(res.out).not.toContain('Show abstract');
    expect(slack.calls).toHaveLength(0);
    const db = openDatabase(join(dir, 'bot.db'));
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    db.close();
  });

  it('sends now, once per local day, honouring the ledger', async () => {
    const first = await cli('digest', 'send', 'C1');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toMatch(/#1 \d{4}-\d\d-\d\d: sent \(2 papers\)/);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const again = await cli('digest', 'send', 'C1');
    expect(again.out).toMatch(/already sent today/);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('explains bad arguments and a missing token', async () => {
    expect((await cli('digest', 'send')).err).toMatch(/usage: paperbot digest send/);
    expect((await cli('digest', 'send', '#general')).err).toMatch(/not a channel id/);
    vi.stubEnv('SLACK_BOT_TOKEN', '');
    const res = await cli('digest', 'send', 'C1');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/set SLACK_BOT_TOKEN/);
  });

  it('fails with exit code 1 when Slack refuses, pausing the digest', async () => {
    slack.fail('chat.postMessage', { error: 'channel_not_found', times: 1 });
    const res = await cli('digest', 'send', 'C1');
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/PAUSED: channel_not_found/);
  });
});
