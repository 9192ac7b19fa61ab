// The bot on PostgreSQL while the server restarts: search keeps answering, requests that need the database get a short
// message (never a hang), and the bot reconnects by itself once the server is back. Real Bolt app, real server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgresFaults, startPrivatePostgres, type PrivatePostgres } from '../support/postgres.ts';
import { SECRET, startHarness, type Harness } from './harness.ts';
import { CHANNEL, post, slashCommand, USER, waitFor } from './slack-requests.ts';

describePostgresFaults('a PostgreSQL restart while the bot runs', () => {
  let server: PrivatePostgres;
  let h: Harness;
  beforeAll(async () => {
    server = await startPrivatePostgres();
    h = await startHarness({ env: { DATABASE_URL: server.url } });
    await h.bot.ready;
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await server?.close();
  });

  /** `/paper <text>`: the text of the answer sent to its response_url, and how long it took. */
  async function paper(text: string): Promise<{ text: string; ms: number }> {
    const started = Date.now();
    const responseUrl = h.fake.responseUrl(CHANNEL, USER);
    expect((await post(`http://127.0.0.1:${h.bot.port}/slack/events`, SECRET, slashCommand(text, responseUrl))).status).toBe(200);
    const id = responseUrl.split('/').pop();
    const call = await waitFor(() => h.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id), 15_000);
    return { text: `${call.args.text} ${JSON.stringify(call.args.blocks ?? [])}`, ms: Date.now() - started };
  }

  it('search answers throughout; the reading list says the database is down, then works again by itself', async () => {
    expect(h.bot.store.kind).toBe('postgres');
    expect((await paper('saved')).text).toMatch(/Your reading list is empty/);

    await server.stop();
    const search = await paper('robustness');
    expect(search.text).toMatch(/papers? for \*robustness\*/);
    const saved = await paper('saved');
    expect(saved.text).toContain("My database isn't answering right now");
    expect(saved.ms).toBeLessThan(10_000);
    expect(h.logs.find((l: any) => l.error === 'database_unavailable')).toBeTruthy();

    await server.start();
    // No restart of the bot: the pool opens new connections once the server accepts them.
    let back = '';
    for (const end = Date.now() + 20_000; Date.now() < end; ) {
      back = (await paper('saved')).text;
      if (!back.includes("isn't answering")) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(back).not.toContain("isn't answering");
    expect(back).toMatch(/Your reading list is empty/);
  }, 90_000);
});
