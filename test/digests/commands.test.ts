import { afterEach, describe, expect, it } from 'vitest';
import { channelPosts, makeHarness, type Harness } from './harness.ts';
import { digestWebClient } from '../../src/digests/slack-post.ts';

let h: Harness;
afterEach(() => h?.close());

const textOf = (m: { text: string }) => m.text;

describe('/paper digest commands', () => {
  it('adds with the user\'s Slack time zone and confirms in words', async () => {
    h = await makeHarness({ at: '2026-11-24T12:00:00Z', users: { U1: { name: 'ada', tz: 'America/New_York' } } });
    const client = digestWebClient('xoxb-test', h.slack.apiUrl);
    const reply = await h.service.command({ text: 'add robustness', channelId: 'C1', userId: 'U1', client });
    expect(textOf(reply)).toContain('Every weekday at 09:00 America/New_York, up to 3 papers on *robustness*');
    // 12:00Z is 07:00 in New York: the next run is today 09:00 EST.
    expect(textOf(reply)).toContain('Next: Tue 24 Nov 09:00 America/New_York');
    expect(h.slack.callsTo('users.info')[0].args.user).toBe('U1');
  });

  it('falls back to DIGEST_TIMEZONE when users.info fails, and honours explicit options', async () => {
    h = await makeHarness({ at: '2026-11-24T12:00:00Z' });
    h.slack.fail('users.info', { error: 'user_not_found' });
    const client = digestWebClient('xoxb-test', h.slack.apiUrl);
    const reply = await h.service.command({ text: 'add', channelId: 'C1', userId: 'U1', client });
    expect(textOf(reply)).toContain('Every weekday at 09:00 UTC, the paper of the day');
    const explicit = await h.service.command({ text: 'add <b>&co at 18:45 tz Asia/Tokyo daily count 1 notify-empty', channelId: 'C1', userId: 'U1', client });
    expect(textOf(explicit)).toContain('Every day at 18:45 Asia/Tokyo, up to 1 paper on *&lt;b&gt;&amp;co*, with a note on days with nothing new');
  });

  it('corrects invalid input with the usage', async () => {
    h = await makeHarness({ at: '2026-11-24T12:00:00Z' });
    const run = (text: string) => h.service.command({ text, channelId: 'C1', userId: 'U1' }).then(textOf);
    expect(await run('add robustness at 25:00')).toMatch(/isn't a time of day[\s\S]*\/paper digest add/);
    expect(await run('add robustness count 50')).toMatch(/from 1 to 10/);
    expect(await run('add tz Nowhere/Land')).toMatch(/Unknown time zone/);
    expect(await run('dance')).toMatch(/I don't know `dance`[\s\S]*\/paper digest list/);
    expect(await run('list')).toMatch(/No digests in this channel/);
  });

  it('lists with ids and next run, removes by id or topic, only in this channel', async () => {
    h = await makeHarness({ at: '2026-11-24T12:00:00Z' });
    const run = (text: string, channelId = 'C1') => h.service.command({ text, channelId, userId: 'U1' }).then(textOf);
    await run('add robustness');
    await run('add diffusion at 08:00 daily');
    await run('add protein', 'C2');
    const list = await run('list');
    expect(list).toMatch(/\*#1\* Every weekday at 09:00 UTC, up to 3 papers on \*robustness\* — next Wed 25 Nov 09:00 UTC/);
    expect(list).toMatch(/\*#2\* Every day at 08:00 UTC/);
    expect(list).not.toMatch(/protein/);
    expect(await run('remove 3')).toMatch(/No digest #3 in this channel/);
    expect(await run('remove Diffusion')).toMatch(/Removed digest #2/);
    expect(await run('remove #1')).toMatch(/Removed digest #1/);
    expect(await run('list')).toMatch(/No digests/);
    expect(await run('add robustness')).toMatch(/#4/);
    expect(await run('add robustness')).toMatch(/already has that digest \(#4\)/);
  });

  it('previews ephemerally: posts nothing and records nothing', async () => {
    h = await makeHarness({ at: '2026-11-24T12:00:00Z' });
    await h.service.command({ text: 'add robustness count 2', channelId: 'C1', userId: 'U1' });
    const preview = await h.service.command({ text: 'preview 1', channelId: 'C1', userId: 'U1' });
    expect(preview.text).toMatch(/Preview \(only you see this/);
    const header = preview.blocks?.find((b) => b.type === 'header') as any;
    expect(header.text.text).toBe('Daily papers · robustness · Tue 24 Nov');
    expect(preview.blocks?.filter((b) => b.type === 'actions')).toHaveLength(2);
    const adhoc = await h.service.command({ text: 'preview protein', channelId: 'C1', userId: 'U1' });
    expect(adhoc.text).toMatch(/Protein folding/);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    expect(h.db.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 0 });
    expect(channelPosts(h.slack)).toHaveLength(0);
  });
});
