// End to end over HTTP: the real Bolt app on an ephemeral port, signed requests, the loopback fake Web API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAllMessagesValid, SECRET, BOT_TOKEN, startHarness, type Harness } from './harness.ts';
import { blockActions, buttonsOf, CHANNEL, eventCallback, post, slashCommand, USER, waitFor, type Button } from './slack-requests.ts';

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness();
  await h.bot.ready;
  url = `http://127.0.0.1:${h.bot.port}/slack/events`;
});
afterEach(() => {
  expectAllMessagesValid(h.fake);
  h.fake.clearFailures();
});
afterAll(async () => {
  await h?.stop();
});

/** Runs /paper <text> and returns the message posted to its response_url. */
async function paper(text: string) {
  const responseUrl = h.fake.responseUrl(CHANNEL, USER);
  const res = await post(url, SECRET, slashCommand(text, responseUrl));
  expect(res.status).toBe(200);
  const call = await waitFor(() => h.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === idOf(responseUrl)));
  await h.bot.inflight.idle();
  return call.args as { text: string; blocks: any[]; response_type?: string; replace_original?: boolean };
}

/** Clicks a button and returns what was posted to the click's response_url (or undefined if nothing was). */
async function click(button: Button, opts: Parameters<typeof blockActions>[2] = {}) {
  const responseUrl = h.fake.responseUrl(CHANNEL, USER);
  const before = h.fake.calls.length;
  const res = await post(url, SECRET, blockActions(button, responseUrl, opts));
  expect(res.status).toBe(200);
  await waitFor(() => h.bot.inflight.size === 0 && h.fake.calls.length > before && h.fake.calls.length);
  await h.bot.inflight.idle();
  return h.fake.calls.slice(before);
}

function idOf(responseUrl: string): string {
  return responseUrl.split('/').pop()!;
}

function button(blocks: any[], actionId: string, nth = 0): Button {
  const found = buttonsOf(blocks).filter((b) => b.action_id === actionId);
  expect(found.length, `no ${actionId} button`).toBeGreaterThan(nth);
  return found[nth];
}

describe('/paper over HTTP', () => {
  it('answers a search ephemerally with cards and buttons', async () => {
    const msg = await paper('robustness');
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toMatch(/papers? for robustness/);
    const ids = buttonsOf(msg.blocks).map((b) => b.action_id);
    for (const id of ['paper_abstract', 'paper_similar', 'paper_share', 'paper_bibtex']) expect(ids).toContain(id);
    const log = h.logs.find((l) => l.event === 'command' && l.outcome === 'answered');
    expect(log).toMatchObject({ name: '/paper', user: USER, channel: CHANNEL });
    expect(typeof log?.took_ms).toBe('number');
  });

  it('answers /paper alone and /paper help with help', async () => {
    for (const text of ['', 'help']) expect((await paper(text)).text).toMatch(/\/paper/);
  });

  it('pages with Next results, replacing the original', async () => {
    const first = await paper('learning');
    const titles1 = first.blocks.filter((b) => b.block_id?.endsWith('.main')).map((b) => b.text.text);
    const calls = await click(button(first.blocks, 'paper_next'));
    const page2 = calls.find((c) => c.method === 'response_url')!.args;
    expect(page2.replace_original).toBe(true);
    expect(page2.text).toMatch(/^6–\d+ of \d+ papers/);
    const titles2 = page2.blocks.filter((b: any) => b.block_id?.endsWith('.main')).map((b: any) => b.text.text);
    expect(titles2.length).toBeGreaterThan(0);
    for (const t of titles2) expect(titles1).not.toContain(t);
    // And back: Previous results brings the first page again, in place.
    const back = (await click(button(page2.blocks, 'paper_previous'))).find((c) => c.method === 'response_url')!.args;
    expect(back.replace_original).toBe(true);
    expect(back.blocks.filter((b: any) => b.block_id?.endsWith('.main')).map((b: any) => b.text.text)).toEqual(titles1);
  });

  it('expands and collapses an abstract in place from the button value alone (no body.message)', async () => {
    const first = await paper('robustness');
    const open = (await click(button(first.blocks, 'paper_abstract'))).find((c) => c.method === 'response_url')!.args;
    expect(open.replace_original).toBe(true);
    const hide = button(open.blocks, 'paper_abstract_hide');
    expect(open.blocks.some((b: any) => /\.abs0$/.test(b.block_id))).toBe(true);
    const closed = (await click(hide)).find((c) => c.method === 'response_url')!.args;
    expect(closed.replace_original).toBe(true);
    expect(buttonsOf(closed.blocks).some((b) => b.action_id === 'paper_abstract_hide')).toBe(false);
    expect(closed.blocks.some((b: any) => /\.abs0$/.test(b.block_id))).toBe(false);
  });

  it('answers More like this with a new ephemeral list', async () => {
    const first = await paper('robustness');
    const sim = (await click(button(first.blocks, 'paper_similar'))).find((c) => c.method === 'response_url')!.args;
    expect(sim.replace_original).toBe(false);
    expect(sim.response_type).toBe('ephemeral');
    expect(sim.text).toMatch(/^(Papers like|No similar papers)/);
  });

  it('shares a card to the channel publicly, shared by the clicker', async () => {
    const first = await paper('robustness');
    const calls = await click(button(first.blocks, 'paper_share'));
    const posted = calls.find((c) => c.method === 'chat.postMessage')!;
    expect(posted.args.channel).toBe(CHANNEL);
    expect(posted.args.text).toContain(`shared by <@${USER}>`);
    expect(JSON.stringify(posted.args.blocks)).toContain(`<@${USER}>`);
  });

  it('sends BibTeX ephemerally', async () => {
    const first = await paper('robustness');
    const bib = (await click(button(first.blocks, 'paper_bibtex'))).find((c) => c.method === 'response_url')!.args;
    expect(bib.replace_original).toBe(false);
    expect(JSON.stringify(bib.blocks)).toMatch(/@\w+\{/);
  });

  it('says when nothing matches, offers did-you-mean, and the suggestion button runs it', async () => {
    // Three edits from "robustness": beyond the fuzzy fallback's 2 for an 11-letter word, within a suggestion's
    // reach (a closer typo such as "robustnss" is fuzz-matched and does find papers).
    const none = await paper('robustnezzz');
    expect(none.text).toMatch(/No papers match/);
    expect(button(none.blocks, 'paper_suggest').text.text).toContain('robustness');
    const calls = await click(button(none.blocks, 'paper_suggest'));
    const rerun = calls.find((c) => c.method === 'response_url')!.args;
    expect(rerun.replace_original).toBe(true);
    expect(rerun.text).toMatch(/papers? for robust/);
  });

  it('shows a pasted arXiv link as a lookup, or says it is not in the library', async () => {
    const papers = h.bot.services.index.search('learning', { limit: 50 }).hits.map((x) => x.paper);
    const withArxiv = papers.find((p) => p.arxivId);
    if (withArxiv) {
      const msg = await paper(`https://arxiv.org/abs/${withArxiv.arxivId}v2`);
      expect(msg.text).toContain(withArxiv.title.slice(0, 30));
    }
    const missing = await paper('https://arxiv.org/abs/2999.99999');
    expect(missing.text).toMatch(/2999\.99999 is not in the lab's library/);
  });

  it('answers /paper like <id> with similar papers, and an unknown id with a message', async () => {
    const first = await paper('robustness');
    const id = JSON.parse(button(first.blocks, 'paper_similar').value).p as string;
    expect((await paper(`like ${id}`)).text).toMatch(/^Papers like|No similar/);
    expect((await paper('like no-such-paper')).text).toMatch(/no paper "no-such-paper"/);
  });

  it('routes /paper digest to the digest service the composition root wired, or says digests are off', async () => {
    expect((await paper('digest list')).text).toMatch(/No digests in this channel yet/);
    const wired = h.bot.services.digests;
    h.bot.services.digests = undefined;
    try {
      expect((await paper('digest add robustness')).text).toMatch(/[Dd]igests are not enabled/);
    } finally {
      h.bot.services.digests = wired;
    }
  });

  it('escapes injected mentions: <!channel> never reaches Slack unescaped', async () => {
    const before = h.fake.calls.length;
    const msg = await paper('<!channel> <@U123> robustness');
    expect(msg.text).toBeTruthy();
    const sent = JSON.stringify(h.fake.calls.slice(before).map((c) => c.args));
    expect(sent).not.toContain('<!channel>');
    expect(sent).not.toContain('<@U123>');
    expect(sent).toContain('&lt;!channel&gt;');
  });

  it('answers a 100k-character query, cut, and says so', async () => {
    const huge = 'robustness '.repeat(10_000).slice(0, 100_000);
    const msg = await paper(huge);
    expect(JSON.stringify(msg.blocks)).toMatch(/only its beginning was searched/);
    expect(JSON.stringify(msg).length).toBeLessThan(40_000);
  });
});

describe('Slack API failures reach the user', () => {
  it('not_in_channel on Share to channel -> ephemeral "invite me", logged with context', async () => {
    const first = await paper('robustness');
    h.fake.fail('chat.postMessage', { error: 'not_in_channel' });
    const calls = await click(button(first.blocks, 'paper_share'));
    const note = calls.find((c) => c.method === 'response_url')!.args;
    expect(note.text).toMatch(/not in that channel .*\/invite @paperbot/);
    expect(note.response_type).toBe('ephemeral');
    const line = h.logs.find((l) => l.outcome === 'failed' && l.error === 'not_in_channel');
    expect(line).toMatchObject({ event: 'action', name: 'paper_share', user: USER, channel: CHANNEL });
  });

  it('HTTP 429 with Retry-After -> "rate-limiting me, try again in 30 s" without waiting it out', async () => {
    const first = await paper('robustness');
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    const started = Date.now();
    const calls = await click(button(first.blocks, 'paper_share'));
    expect(Date.now() - started).toBeLessThan(5000);
    const note = calls.find((c) => c.method === 'response_url')!.args;
    expect(note.text).toMatch(/rate-limiting me, try again in 30 s/);
    expect(h.logs.find((l) => l.error === 'ratelimited')).toMatchObject({ retry_after: 30, name: 'paper_share' });
    expect(h.logText()).not.toContain(BOT_TOKEN);
  });

  it('a failed mention answer is reported ephemerally in the thread', async () => {
    h.fake.fail('chat.postMessage', { error: 'channel_not_found', times: 1 });
    const ev = eventCallback({ type: 'app_mention', user: USER, text: '<@UPAPERBOT> robustness', ts: '1700000100.000100', channel: CHANNEL, event_ts: '1700000100.000100' });
    expect((await post(url, SECRET, ev)).status).toBe(200);
    const note = await waitFor(() => h.fake.calls.find((c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === '1700000100.000100'));
    expect(note.args.user).toBe(USER);
    expect(note.args.text).toMatch(/can't see that channel/);
  });
});

describe('mentions and DMs', () => {
  it('answers a top-level mention in a thread under it, visible to all, without the bot mention in the query', async () => {
    const ev = eventCallback({ type: 'app_mention', user: USER, text: '<@UPAPERBOT> backdoor attacks', ts: '1700000200.000100', channel: CHANNEL, event_ts: '1700000200.000100' });
    expect((await post(url, SECRET, ev)).status).toBe(200);
    const answer = await waitFor(() => h.fake.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000200.000100'));
    expect(answer.args.channel).toBe(CHANNEL);
    expect(answer.args.text).toMatch(/for backdoor attacks/);
    expect(answer.args.text).not.toContain('UPAPERBOT');
  });

  it('answers a mention inside a thread in that thread', async () => {
    const ev = eventCallback({ type: 'app_mention', user: USER, text: 'robustness <@UPAPERBOT>', ts: '1700000300.000500', thread_ts: '1700000300.000100', channel: CHANNEL, event_ts: '1700000300.000500' });
    await post(url, SECRET, ev);
    const answer = await waitFor(() => h.fake.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000300.000100'));
    expect(answer.args.text).toMatch(/for robustness/);
  });

  it('answers a bare mention with help', async () => {
    const ev = eventCallback({ type: 'app_mention', user: USER, text: '<@UPAPERBOT>', ts: '1700000400.000100', channel: CHANNEL, event_ts: '1700000400.000100' });
    await post(url, SECRET, ev);
    const answer = await waitFor(() => h.fake.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000400.000100'));
    expect(answer.args.text).toMatch(/\/paper/);
  });

  it('answers a DM in the DM, and ignores bot messages and edits', async () => {
    const dm = eventCallback({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: USER, text: 'robustness', ts: '1700000500.000100', event_ts: '1700000500.000100' });
    const bot = eventCallback({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0OTHERBOT', bot_id: 'B0OTHER', text: 'robustness', ts: '1700000500.000200', event_ts: '1700000500.000200' });
    const edit = eventCallback({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0ALICE', ts: '1700000500.000300', event_ts: '1700000500.000300', message: { text: 'x' } });
    for (const ev of [dm, bot, edit]) expect((await post(url, SECRET, ev)).status).toBe(200);
    await waitFor(() => h.fake.calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === 'D0ALICE'));
    await h.bot.inflight.idle();
    const answers = h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'D0ALICE');
    expect(answers).toHaveLength(1);
    expect(answers[0].args.text).toMatch(/for robustness/);
    expect(answers[0].args.thread_ts).toBeUndefined();
  });

  it('answers a Slack retry (same event_id, X-Slack-Retry-Num) with 200 and no second answer', async () => {
    const ev = eventCallback({ type: 'app_mention', user: USER, text: '<@UPAPERBOT> robustness', ts: '1700000600.000100', channel: CHANNEL, event_ts: '1700000600.000100' });
    expect((await post(url, SECRET, ev)).status).toBe(200);
    const retry = await post(url, SECRET, ev, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await waitFor(() => h.fake.calls.some((c) => c.args.thread_ts === '1700000600.000100'));
    await new Promise((r) => setTimeout(r, 150));
    await h.bot.inflight.idle();
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000600.000100')).toHaveLength(1);
    expect(h.logs.find((l) => l.outcome === 'duplicate')).toMatchObject({ event_id: ev.eventId, retry_num: 1 });
  });
});

describe('request verification', () => {
  it('rejects a forged signature with 401 and calls nothing', async () => {
    const before = h.fake.calls.length;
    const responseUrl = h.fake.responseUrl(CHANNEL, USER);
    const forged = await post(url, SECRET, slashCommand('robustness', responseUrl), { forge: true });
    expect(forged.status).toBe(401);
    const stale = await post(url, SECRET, slashCommand('robustness', responseUrl), { ts: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: eventCallback({ type: 'app_mention', user: USER, text: '<@UPAPERBOT> x', ts: '1.2', channel: CHANNEL }).body });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.calls.length).toBe(before);
  });
});
