// Rows stored before team ids were kept (team '') belong to the workspace of a one-token bot from its first start on,
// so its people still see their digests while scoping stays strict (no other workspace ever sees such rows).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { SECRET, startHarness, type Harness } from './harness.ts';
import { CHANNEL, post, slashCommand, TEAM, USER, waitFor } from './slack-requests.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-adopt-'));
let h: Harness | undefined;
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("a digest stored without a team is the token's workspace's after the start: /paper digest list shows it", async () => {
  const dbPath = join(dir, 'old.db');
  const old = openStore(dbPath);
  const sub = await old.subscriptions.add(CHANNEL, USER, { topic: 'robustness', time: '09:00', timezone: 'UTC', days: 'weekdays', count: 3, notifyEmpty: false }, new Date(), '');
  await old.close();

  // auth.test names the workspace the bot's token belongs to.
  h = await startHarness({ fake: await new FakeSlack({ teamId: TEAM }).start(), env: { DATABASE_PATH: dbPath } });
  await h.bot.ready;
  expect(h.logs.find((l: any) => l.event === 'rows_adopted')).toMatchObject({ team: TEAM, rows: 1 });
  expect((await h.bot.store.subscriptions.get(sub.id, TEAM))?.teamId).toBe(TEAM);

  const responseUrl = h.fake.responseUrl(CHANNEL, USER);
  expect((await post(`http://127.0.0.1:${h.bot.port}/slack/events`, SECRET, slashCommand('digest list', responseUrl))).status).toBe(200);
  const id = responseUrl.split('/').pop();
  const answer = await waitFor(() => h!.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id));
  expect(String(answer.args.text)).toMatch(/robustness/);
});
