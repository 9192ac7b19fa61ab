import { afterEach, describe, expect, it } from 'vitest';
import { decodeAction } from '../../src/blocks/actions.ts';
import { channelPosts, makeHarness, type Harness } from './harness.ts';
import { race } from './race-run.ts';

let h: Harness;
afterEach(() => h?.close());

describe('two processes sharing one database file', () => {
  it('post each digest exactly once', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await h.service.command({ text: 'add robustness tz UTC count 1', channelId: 'C1', userId: 'U1' });
    await h.service.command({ text: 'add tz UTC count 1', channelId: 'C2', userId: 'U1' });
    const days = ['2026-03-09T09:00:05Z', '2026-03-10T09:00:05Z', '2026-03-11T09:00:05Z'];
    const [a, b] = await race(h.dbPath, h.slack.apiUrl, days);

    expect(channelPosts(h.slack)).toHaveLength(6); // 2 channels × 3 days
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11']) {
      expect([...a, ...b].filter((o) => o.localDate === day && o.status === 'sent')).toHaveLength(2);
    }
    // Neither process failed; whichever lost a claim reports `skipped` (or saw the sent row and left it alone).
    expect([...a, ...b].every((o) => o.status === 'sent' || o.status === 'skipped')).toBe(true);
    if (process.env.RACE_DEBUG) console.log({ a, b });
    expect(h.db.prepare("SELECT count(*) AS n FROM runs WHERE status = 'sent'").get()).toEqual({ n: 6 });
    expect(h.db.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 6 });
  }, 40_000);

  it('never post one paper twice in a channel when both compose for it at the same moment', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    // Two digests of one channel, due at the same minute: one process claims each, and both compose at once.
    await h.service.command({ text: 'add tz UTC count 1 at 09:00', channelId: 'C1', userId: 'U1' });
    await h.service.command({ text: 'add tz UTC count 1 at 08:59', channelId: 'C1', userId: 'U2' });
    const days = ['2026-03-09T09:00:05Z', '2026-03-10T09:00:05Z'];
    // Composing takes long enough that the other process claims the second digest meanwhile, even on a busy machine,
    // and composes outside the lock; the reservation's re-check is slow too, so both reserve at overlapping moments.
    const env = { RACE_COMPOSE_MS: '600', RACE_RESERVE_MS: '300' };
    const [a, b] = await race(h.dbPath, h.slack.apiUrl, days, env);
    // Both processes did send (each won one claim a day), so the two composes really ran side by side.
    expect(a.filter((o) => o.status === 'sent').length).toBeGreaterThan(0);
    expect(b.filter((o) => o.status === 'sent').length).toBeGreaterThan(0);
    const posts = channelPosts(h.slack).filter((c) => c.args.channel === 'C1');
    expect(posts).toHaveLength(4);
    // The papers each post shows (from its buttons' state), across both processes' posts: none twice.
    const shown = posts.map((c) => [...new Set((c.args.blocks as any[]).flatMap((b) => (b.type === 'actions' ? b.elements : [])).map((e: any) => decodeAction(e.value)?.paperId).filter(Boolean))]);
    expect(shown.map((ids) => ids.length)).toEqual([1, 1, 1, 1]);
    const all = shown.flat();
    expect(new Set(all).size, JSON.stringify(shown)).toBe(all.length);
  }, 40_000);
});
