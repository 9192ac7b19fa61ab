// End to end: paper links in Slack through the real Bolt app (signed HTTP) with the loopback Web API and loopback
// arXiv (real Atom from ../shared), Crossref and OpenReview stand-ins: unfurls keyed by the exact URL, the 3 s arXiv
// gap, the lookup cache, a failed lookup, the lab's memory (`/paper shared`, cards' "shared by"), 👍 and `forget`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/blocks/limits.ts';
import { buttonsOf, CHANNEL, eventCallback, post, slashCommand, TEAM, USER, waitFor } from './slack-requests.ts';
import { expectAllMessagesValid, SECRET, startHarness, type Harness } from './harness.ts';
import { haveArxivFixture, LookupServers } from '../links/lookup-servers.ts';

let h: Harness;
let servers: LookupServers;
let url: string;
const sleeps: number[] = [];
let messageCounter = 0;

beforeAll(async () => {
  servers = await new LookupServers().start();
  // Waits are recorded and skipped: the test checks the gap asked for, not the time it takes.
  h = await startHarness({ env: servers.env, more: { sleep: async (ms) => void sleeps.push(ms) } });
  await h.bot.ready;
  url = `http://127.0.0.1:${h.bot.port}/slack/events`;
});
afterAll(async () => {
  await h?.stop();
  await servers?.close();
});

/** A link_shared event for a message with these links; resolves when the bot has handled it. */
async function share(links: string[], opts: { user?: string; channel?: string; member?: boolean; source?: string; ts?: string } = {}) {
  messageCounter += 1;
  const ts = opts.ts ?? `1764750000.${String(messageCounter).padStart(6, '0')}`;
  const event = {
    type: 'link_shared',
    channel: opts.channel ?? CHANNEL,
    is_bot_user_member: opts.member ?? true,
    user: opts.user ?? USER,
    message_ts: opts.source === 'composer' ? `U0ALICE-${messageCounter}-composer` : ts,
    unfurl_id: `${opts.channel ?? CHANNEL}.${ts}.unfurl${messageCounter}`,
    source: opts.source ?? 'conversations_history',
    links: links.map((u) => ({ domain: new URL(u).hostname, url: u })),
    event_ts: ts,
  };
  const before = h.fake.callsTo('chat.unfurl').length;
  expect((await post(url, SECRET, eventCallback(event))).status).toBe(200);
  await h.bot.inflight.idle();
  return { ts, unfurl: h.fake.callsTo('chat.unfurl').slice(before)[0] };
}

async function paper(text: string, user = USER) {
  const responseUrl = h.fake.responseUrl(CHANNEL, user);
  const id = responseUrl.split('/').pop();
  expect((await post(url, SECRET, slashCommand(text, responseUrl, { user_id: user }))).status).toBe(200);
  const call = await waitFor(() => h.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id));
  await h.bot.inflight.idle();
  return call.args as { text: string; blocks?: any[] };
}

const textOf = (blocks: unknown) => JSON.stringify(blocks);

/** The fake's record without chat.unfurl calls (checked per URL above: they have no message text). */
const withoutUnfurls = (fake: Harness['fake']) => ({ calls: fake.calls.filter((c) => c.method !== 'chat.unfurl') }) as unknown as Harness['fake'];

describe('paper links in Slack', () => {
  it('unfurls a link to a library paper from the index (no lookup), keyed by the exact URL, with the card buttons', async () => {
    const link = 'https://arxiv.org/abs/2007.08489v2';
    const { unfurl } = await share([link]);
    expect(unfurl.args.channel).toBe(CHANNEL);
    expect(Object.keys(unfurl.args.unfurls)).toEqual([link]);
    const blocks = unfurl.args.unfurls[link].blocks;
    expect(textOf(blocks)).toContain('Do Adversarially Robust ImageNet Models Transfer Better?');
    expect(textOf(blocks)).toMatch(/Salman.*NeurIPS/);
    expect(buttonsOf(blocks).map((b) => b.text.text)).toEqual(expect.arrayContaining(['Show abstract', 'More like this', 'BibTeX']));
    expect(checkMessage({ text: 'unfurl', blocks })).toEqual([]);
    expect(servers.requests).toHaveLength(0);
  });

  it('a shared paper\'s card says so wherever it shows up: search pages, and pages redrawn by a button', async () => {
    // The first test shared 2007.08489 (a library paper) in CHANNEL.
    const page = await paper('adversarially robust imagenet transfer');
    const text = textOf(page.blocks);
    expect(text).toContain('Do Adversarially Robust ImageNet Models Transfer Better?');
    expect(text).toContain(`shared by <@${USER}> in <#${CHANNEL}>`);
    // Only that card: the other papers on the page were never shared.
    expect(text.match(/shared by /g)).toHaveLength(1);
    expect(checkMessage(page)).toEqual([]);
  });

  it.skipIf(!haveArxivFixture)('looks an unknown arXiv paper up by id_list, 3 s after the previous arXiv request, and caches the answer', async () => {
    const a = 'https://arxiv.org/pdf/1501.05039v1.pdf';
    const b = 'https://arxiv.org/html/1802.03292';
    // In a channel the bot is not in: unfurled, not remembered (so its buttons, which need the library, are left out).
    const { unfurl } = await share([a, b], { member: false });
    expect(Object.keys(unfurl.args.unfurls).sort()).toEqual([a, b].sort());
    expect(buttonsOf(unfurl.args.unfurls[a].blocks)).toEqual([]);
    expect(h.bot.library.get('1501.05039')).toBeUndefined();
    expect(textOf(unfurl.args.unfurls[a].blocks)).toContain('Defining Data Science');
    expect(textOf(unfurl.args.unfurls[b].blocks)).toContain('Mathematical Logic in Computer Science');
    const arxiv = servers.of('arxiv');
    expect(arxiv.map((r) => r.url.searchParams.get('id_list')).sort()).toEqual(['1501.05039', '1802.03292']);
    // Two requests: the second waited out arXiv's 3 s courtesy gap (less the few ms the first one took).
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(2500);
    expect(sleeps[0]).toBeLessThanOrEqual(3000);
    // The same paper again, in another message (a channel the bot is in): answered from the database, no request.
    const again = await share(['https://arxiv.org/abs/1501.05039']);
    expect(textOf(again.unfurl.args.unfurls['https://arxiv.org/abs/1501.05039'].blocks)).toContain('Defining Data Science');
    expect(servers.of('arxiv')).toHaveLength(2);
    expect(h.logs.find((l) => l.event === 'paper_lookup' && l.key === 'arxiv:1501.05039')).toBeTruthy();
    expect((await h.bot.store.lookups.get('arxiv:1501.05039'))?.status).toBe('found');
    // Now remembered: the paper joined the library, and its unfurl has the buttons.
    expect(h.bot.library.get('1501.05039')?.title).toBe('Defining Data Science');
  });

  it('looks DOIs up on Crossref (polite pool: mailto) and OpenReview forums on OpenReview', async () => {
    const doi = 'https://doi.org/10.1145/3319535.3354211';
    const forum = 'https://openreview.net/forum?id=rJ4km2R5t7';
    const { unfurl } = await share([doi, forum]);
    expect(textOf(unfurl.args.unfurls[doi].blocks)).toContain('Membership Inference Against Lab Bots');
    expect(textOf(unfurl.args.unfurls[doi].blocks)).toContain('2019');
    expect(textOf(unfurl.args.unfurls[forum].blocks)).toContain('Robustness May Be at Odds with Accuracy');
    expect(servers.of('crossref')[0].url.searchParams.get('mailto')).toBe('lab@example.org');
    expect(servers.of('openreview')[0].url.searchParams.get('id')).toBe('rJ4km2R5t7');
  });

  it('a failed lookup means no unfurl, no message and a logged warning, and is asked again next time', async () => {
    servers.failing.set('crossref', 'error');
    const before = h.fake.messages().length;
    const link = 'https://doi.org/10.9999/not-cached';
    const { unfurl } = await share([link]);
    expect(unfurl).toBeUndefined();
    // find, not some: the harness's log view answers index reads, not `in` checks.
    expect(h.logs.find((l) => l.event === 'paper_lookup_failed' && l.key === 'doi:10.9999/not-cached' && l.level === 40)).toBeTruthy();
    expect(h.fake.messages().slice(before).filter((m) => m.channel === CHANNEL)).toHaveLength(0);
    expect(await h.bot.store.lookups.get('doi:10.9999/not-cached')).toBeUndefined();
    servers.failing.delete('crossref');
    // Not failed now, just unknown to Crossref (404): still no unfurl, and that answer is cached.
    expect((await share([link])).unfurl).toBeUndefined();
    expect((await h.bot.store.lookups.get('doi:10.9999/not-cached'))?.status).toBe('missing');
  });

  it("never unfurls a bot post that already shows a paper card, nor remembers it", async () => {
    const ts = '1764759999.000001';
    await h.bot.store.feedback.rememberMessage(TEAM, CHANNEL, ts, '2007.08489', new Date());
    const { unfurl } = await share(['https://arxiv.org/abs/2007.08489'], { ts });
    expect(unfurl).toBeUndefined();
    expect((await h.bot.store.shares.list({ teamId: TEAM })).some((s) => s.messageTs === ts)).toBe(false);
  });

  it('a composer preview is unfurled by unfurl_id and source, and not remembered', async () => {
    const before = (await h.bot.store.shares.list({ teamId: TEAM })).length;
    const { unfurl } = await share(['https://arxiv.org/abs/2007.08489'], { source: 'composer' });
    expect(unfurl.args).toMatchObject({ source: 'composer' });
    expect(unfurl.args.unfurl_id).toBeTruthy();
    expect(await h.bot.store.shares.list({ teamId: TEAM })).toHaveLength(before);
  });

  it.skipIf(!haveArxivFixture)('remembers shares: /paper shared lists them newest first with "shared by … in …", they are searchable, and count as 👍', async () => {
    const listed = await paper('shared');
    const text = textOf(listed.blocks);
    expect(text).toContain(`shared by <@${USER}> in <#${CHANNEL}>`);
    // Newest first: the OpenReview paper was shared after the arXiv ones.
    expect(text.indexOf('Robustness May Be at Odds')).toBeLessThan(text.indexOf('Defining Data Science'));
    expect(checkMessage(listed)).toEqual([]);
    // Words narrow the list; a looked-up paper joined the searchable library.
    const narrowed = textOf((await paper('shared week data science')).blocks);
    expect(narrowed).toContain('Defining Data Science');
    expect(narrowed).not.toContain('Robustness May Be at Odds');
    expect(textOf((await paper('"defining data science"')).blocks)).toContain('Defining Data Science');
    // A share is the sharer's 👍 for the channel's lab feed.
    expect((await h.bot.store.feedback.taste(TEAM, CHANNEL)).liked).toEqual(expect.arrayContaining(['1501.05039', 'openreview:rJ4km2R5t7']));
  });

  it.skipIf(!haveArxivFixture)('/paper forget <link> removes only the asker’s share and its 👍', async () => {
    await share(['https://arxiv.org/abs/1501.05039'], { user: 'U0BOB' });
    const mine = await paper('forget https://arxiv.org/abs/1501.05039v1');
    expect(mine.text).toContain(`Forgotten: your share of that paper in <#${CHANNEL}>`);
    expect((await h.bot.store.shares.list({ teamId: TEAM })).filter((s) => s.paperId === '1501.05039').map((s) => s.userId)).toEqual(['U0BOB']);
    expect(await h.bot.store.feedback.tally(TEAM, CHANNEL, '1501.05039')).toEqual({ up: 1, down: 0 });
    const again = await paper('forget https://arxiv.org/abs/1501.05039');
    expect(again.text).toContain('You have no share of');
    expect((await paper('forget')).text).toContain('Give me the link you shared');
    // Every message passes Block Kit's limits, and so does every unfurl (chat.unfurl carries blocks per URL, no text).
    const unfurls = h.fake.callsTo('chat.unfurl');
    expect(unfurls.length).toBeGreaterThan(3);
    for (const call of unfurls) for (const [link, u] of Object.entries<any>(call.args.unfurls)) expect(checkMessage({ text: link, blocks: u.blocks })).toEqual([]);
    expectAllMessagesValid(withoutUnfurls(h.fake));
  });
});
