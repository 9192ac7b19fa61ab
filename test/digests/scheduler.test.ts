import { afterEach, describe, expect, it } from 'vitest';
import { channelPosts, makeHarness, type Harness } from './harness.ts';
import { NEW_ROBUSTNESS, PAPERS } from './papers.ts';

let h: Harness;
afterEach(() => h?.close());

const add = (text: string, channelId = 'C1') => h.service.command({ text: `add ${text}`, channelId, userId: 'U1' });
const ALL = [...PAPERS, NEW_ROBUSTNESS];
/** Paper ids of the i-th channel post, read from its fallback text ("1. Title" per card). */
const postedIds = (i: number) =>
  String(channelPosts(h.slack)[i].args.text)
    .split('\n')
    .flatMap((line) => /^\d+\. (.*)$/.exec(line)?.[1] ?? [])
    .map((title) => ALL.find((p) => p.title === title)!.id);
const runRow = (date: string) => h.db.prepare('SELECT status, paper_count, error, retryable FROM runs WHERE local_date = ?').get(date) as any;

async function until(check: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('digest scheduler', () => {
  it('fires at the local time through a real timer', async () => {
    // A clock running in real time, set to just before Monday 09:00 UTC.
    let offset = 0;
    const setNow = (iso: string) => (offset = Date.parse(iso) - Date.now());
    const clock = { now: () => new Date(Date.now() + offset) };
    h = await makeHarness({ at: '2026-03-09T08:00:00Z', service: { clock } });
    setNow('2026-03-09T08:55:00Z');
    await add('robustness tz UTC');
    setNow('2026-03-09T08:59:59.700Z');
    await h.service.start();
    // The timer is armed for the remaining ~300 ms (a slow machine may instead catch up in start; once either way).
    await until(() => runRow('2026-03-09')?.status === 'sent');
    const post = channelPosts(h.slack)[0];
    expect(post.args.channel).toBe('C1');
    expect(post.args.blocks[0].text.text).toBe('Daily papers · robustness · Mon 9 Mar');
    expect(channelPosts(h.slack)).toHaveLength(1);
    expect(runRow('2026-03-09')).toMatchObject({ status: 'sent', paper_count: 3 });
  });

  it('sends at the due time when the clock passes it between reads (a timer firing a little early)', async () => {
    // Every reading of this clock is 1 ms after the previous one, as if each step of the scheduler took that long.
    // Started at each phase up to 12 ms before 09:00, some tick checks for due runs at 08:59:59.999 and arms its
    // next timer after 09:00 has passed: 09:00 must still go out at once, not at the hourly re-check.
    for (let lead = 1; lead <= 12; lead++) {
      let t = Date.parse('2026-03-09T08:55:00Z');
      let flowing = false;
      const clock = { now: () => new Date(flowing ? t++ : t) };
      if (h) await h.close();
      h = await makeHarness({ at: '2026-03-09T08:55:00Z', service: { clock } });
      await add('robustness tz UTC');
      t = Date.parse('2026-03-09T09:00:00Z') - lead;
      flowing = true;
      await h.service.start();
      await until(() => runRow('2026-03-09')?.status === 'sent', 2000).catch(async () => {
        throw new Error(`09:00 not sent when started ${lead} ms before it (next timer for ${(await h.service.scheduler.nextDue())?.toISOString()})`);
      });
      expect(channelPosts(h.slack)).toHaveLength(1);
    }
  });

  it('catches up once within the grace window, across restarts, and not after it', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await add('robustness tz UTC');
    h.clock.set('2026-03-09T11:00:00Z'); // down since before 09:00; 2 h late
    await h.service.start();
    expect(channelPosts(h.slack)).toHaveLength(1);
    await h.service.stop();

    h.clock.set('2026-03-09T11:30:00Z');
    const again = await h.restart();
    await again.start();
    expect(channelPosts(h.slack)).toHaveLength(1); // same local day: never twice
    await again.stop();

    h.clock.set('2026-03-10T15:30:00Z'); // 6 h 30 min late: past the 6 h grace, the day is skipped
    const late = await h.restart();
    await late.start();
    expect(channelPosts(h.slack)).toHaveLength(1);
    expect(runRow('2026-03-10')).toBeUndefined();
    expect((await late.scheduler.nextDue())?.toISOString()).toBe('2026-03-11T09:00:00.000Z');
  });

  it('does not resend a run a crashed process left claimed', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await add('robustness tz UTC');
    h.db.prepare("INSERT INTO runs (subscription_id, local_date, status, claimed_by, claimed_at) VALUES (1, '2026-03-09', 'claimed', 'dead-host:1', '2026-03-09T09:00:01.000Z')").run();
    h.clock.set('2026-03-09T09:30:00Z');
    await h.service.start();
    expect(channelPosts(h.slack)).toHaveLength(0);
    expect(runRow('2026-03-09')).toMatchObject({ status: 'failed', retryable: 0 });
    expect(h.logLines().some((l) => /interrupted mid-send/.test(l.msg) && l.claimedBy === 'dead-host:1')).toBe(true);
    await h.service.runDue();
    expect(channelPosts(h.slack)).toHaveLength(0);
  });

  it('never repeats a paper in a channel, and puts newly added papers first', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await add('robustness tz UTC count 2');
    h.clock.set('2026-03-09T09:00:00Z');
    await h.service.runDue();
    const monday = postedIds(0);
    expect(monday).toHaveLength(2);

    h.clock.set('2026-03-09T12:00:00Z');
    h.library.merge([NEW_ROBUSTNESS]);
    h.clock.set('2026-03-10T09:00:00Z');
    await h.service.runDue();
    const tuesday = postedIds(1);
    expect(tuesday[0]).toBe('rob-new');
    expect(tuesday).toHaveLength(2);
    expect(tuesday.filter((id) => monday.includes(id))).toEqual([]);
    const ledger = (h.db.prepare("SELECT paper_id FROM ledger WHERE channel = 'C1'").all() as any[]).map((r) => r.paper_id);
    expect(ledger.sort()).toEqual([...monday, ...tuesday].sort());
  });

  it('posts nothing on an empty day unless the subscription asks for a note', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await add('protein tz UTC');
    await add('protein tz UTC at 10:00 notify-empty', 'C2');
    h.clock.set('2026-03-09T10:00:00Z');
    await h.service.runDue();
    expect(channelPosts(h.slack).map((c) => c.args.channel)).toEqual(['C1', 'C2']);
    h.clock.set('2026-03-10T10:00:00Z');
    await h.service.runDue();
    const posts = channelPosts(h.slack);
    expect(posts.map((c) => c.args.channel)).toEqual(['C1', 'C2', 'C2']);
    expect(posts[2].args.text).toMatch(/no new papers/);
    expect(runRow('2026-03-10')).toMatchObject({ status: 'sent', paper_count: 0 });
  });

  it('picks a different paper of the day each day, newest publication first among equally new papers', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await add('tz UTC daily count 1');
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11']) {
      h.clock.set(`${day}T09:00:00Z`);
      await h.service.runDue();
    }
    expect([0, 1, 2].map(postedIds)).toEqual([['gen-2'], ['gen-1'], ['rob-4']]);
    expect(channelPosts(h.slack)[0].args.blocks[0].text.text).toBe('Paper of the day · Mon 9 Mar');
  });

  it('gives two digests of one channel at the same time different papers', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await add('robustness tz UTC count 2');
    await add('adversarial robustness tz UTC count 2');
    h.clock.set('2026-03-09T09:00:00Z');
    await h.service.runDue();
    const [a, b] = [postedIds(0), postedIds(1)];
    expect(a.length + b.length).toBeGreaterThan(2);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('gives two digests of one channel different papers even when two processes send them at once', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await add('robustness tz UTC count 2');
    await add('adversarial robustness tz UTC count 2');
    h.clock.set('2026-03-09T09:00:00Z');
    // A second process on its own connection to the same file: each claims one digest, and each composes while the
    // other's post is still on its way to Slack.
    const other = await h.restart();
    const outcomes = (await Promise.all([(await h.service.runDue()), other.runDue()])).flat();
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(2);
    const [a, b] = [postedIds(0), postedIds(1)];
    expect(a.length + b.length).toBeGreaterThan(2);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });
});
