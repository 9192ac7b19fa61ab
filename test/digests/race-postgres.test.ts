// The race tests of race.test.ts, on PostgreSQL: two real bot processes on one database, each with its own pool.
import { afterEach, expect, it } from 'vitest';
import { decodeAction } from '../../src/blocks/actions.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import type { Store } from '../../src/store/index.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { describePostgres, useTestDatabase } from '../support/postgres.ts';
import { channelPosts } from './harness.ts';
import { race } from './race-run.ts';

let slack: FakeSlack | undefined;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  await slack?.close();
  store = slack = undefined;
});

const settings = (over: object = {}) => ({ topic: '', time: '09:00', timezone: 'UTC', days: 'daily' as const, count: 1, notifyEmpty: false, ...over });

describePostgres('two processes sharing one PostgreSQL database', () => {
  const db = useTestDatabase('each');

  it('post each digest exactly once', async () => {
    store = await openPostgresStore(db().url);
    slack = await new FakeSlack().start();
    const made = new Date('2026-03-08T12:00:00Z');
    await store.subscriptions.add('C1', 'U1', settings({ topic: 'robustness' }), made, 'T1');
    await store.subscriptions.add('C2', 'U1', settings(), made, 'T1');
    const [a, b] = await race(db().url, slack.apiUrl, ['2026-03-09T09:00:05Z', '2026-03-10T09:00:05Z', '2026-03-11T09:00:05Z']);

    expect(channelPosts(slack)).toHaveLength(6); // 2 channels × 3 days
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11']) {
      expect([...a, ...b].filter((o) => o.localDate === day && o.status === 'sent')).toHaveLength(2);
    }
    expect([...a, ...b].every((o) => o.status === 'sent' || o.status === 'skipped')).toBe(true);
    expect((await store.ledger.postedIn({ teamId: 'T1', channel: 'C1' })).size + (await store.ledger.postedIn({ teamId: 'T1', channel: 'C2' })).size).toBe(6);
  }, 60_000);

  it('never post one paper twice in a channel when both compose for it at the same moment', async () => {
    store = await openPostgresStore(db().url);
    slack = await new FakeSlack().start();
    const made = new Date('2026-03-08T12:00:00Z');
    await store.subscriptions.add('C1', 'U1', settings({ time: '09:00' }), made, 'T1');
    await store.subscriptions.add('C1', 'U2', settings({ time: '08:59' }), made, 'T1');
    // Composing is slow enough that the other process claims the second digest meanwhile and composes the same paper.
    const [a, b] = await race(db().url, slack.apiUrl, ['2026-03-09T09:00:05Z', '2026-03-10T09:00:05Z'], { RACE_COMPOSE_MS: '600' });
    expect(a.filter((o) => o.status === 'sent').length).toBeGreaterThan(0);
    expect(b.filter((o) => o.status === 'sent').length).toBeGreaterThan(0);
    const posts = channelPosts(slack).filter((c) => c.args.channel === 'C1');
    expect(posts).toHaveLength(4);
    const shown = posts.map((c) => [...new Set((c.args.blocks as any[]).flatMap((bl) => (bl.type === 'actions' ? bl.elements : [])).map((e: any) => decodeAction(e.value)?.paperId).filter(Boolean))]);
    const all = shown.flat();
    expect(new Set(all).size, JSON.stringify(shown)).toBe(all.length);
  }, 60_000);
});
