// End to end: the personal layer through the real Bolt app (signed HTTP) and the loopback Web API: Save / Saved ✓,
// `/paper saved`, the App Home (views.publish), the search modal, the .bib export and `/paper trends` uploads.
import { parse as parseBib } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, decodeAction } from '../../src/blocks/actions.ts';
import { checkView, type View } from '../../src/blocks/limits.ts';
import { SEARCH_INPUT, SEARCH_MODAL } from '../../src/blocks/home.ts';
import { expectAllMessagesValid, SECRET, startHarness, type Harness } from './harness.ts';
import { blockActions, buttonsOf, CHANNEL, eventCallback, post, slashCommand, TEAM, USER, waitFor, type Button } from './slack-requests.ts';

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness();
  await h.bot.ready;
  url = `http://127.0.0.1:${h.bot.port}/slack/events`;
});
afterAll(async () => {
  // Every message and every view the bot sent kept to Slack's limits.
  expectAllMessagesValid(h.fake);
  for (const call of h.fake.calls.filter((c) => c.method.startsWith('views.'))) expect(checkView(call.args.view), call.method).toEqual([]);
  await h?.stop();
});

async function paper(text: string, over: Record<string, string> = {}) {
  const responseUrl = h.fake.responseUrl(CHANNEL, USER);
  expect((await post(url, SECRET, slashCommand(text, responseUrl, over))).status).toBe(200);
  const id = responseUrl.split('/').pop();
  const call = await waitFor(() => h.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id));
  await h.bot.inflight.idle();
  return call.args as { text: string; blocks?: any[]; replace_original?: boolean };
}

async function click(b: Button, opts: { message?: unknown } = {}) {
  const responseUrl = h.fake.responseUrl(CHANNEL, USER);
  const id = responseUrl.split('/').pop();
  expect((await post(url, SECRET, blockActions(b, responseUrl, opts.message ? { ephemeral: false, message: opts.message } : {}))).status).toBe(200);
  const call = await waitFor(() => h.fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id));
  await h.bot.inflight.idle();
  return call.args as { text: string; blocks?: any[]; replace_original?: boolean };
}

/** A click on a button in a view (the Home tab or a modal): no response_url, the view in the payload. */
async function clickInView(b: Button, view: { id: string; type: 'home' | 'modal'; private_metadata?: string; hash?: string }) {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'lab' },
    user: { id: USER, username: 'alice', team_id: TEAM },
    api_app_id: 'A0PAPER',
    token: 'legacy',
    container: { type: 'view', view_id: view.id },
    trigger_id: `9.9.${Math.random().toString().slice(2, 8)}`,
    view: { ...view, callback_id: view.type === 'modal' ? SEARCH_MODAL : '', state: { values: {} } },
    actions: [{ type: 'button', action_id: b.action_id, block_id: b.block_id, value: b.value, text: b.text, action_ts: '1700000000.1' }],
  };
  const before = h.fake.calls.length;
  expect((await post(url, SECRET, { body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: 'application/x-www-form-urlencoded' })).status).toBe(200);
  await h.bot.inflight.idle();
  return h.fake.calls.slice(before);
}

const byLabel = (blocks: any[] | undefined, label: RegExp, paperId?: string) => buttonsOf(blocks).find((b) => label.test(b.text.text) && (!paperId || decodeAction(b.value)?.paperId === paperId));
const homeOf = (user: string) => [...h.fake.callsTo('views.publish')].reverse().find((c) => c.args.user_id === user)?.args.view as View & { blocks: any[] };
const textOf = (blocks: any[] | undefined) => JSON.stringify(blocks ?? []);

describe('Save and Saved ✓', () => {
  let paperId: string;
  let title: string;

  it('Save on a search page keeps the paper, redraws the page with "Saved ✓" and republishes the Home', async () => {
    const page = await paper('robustness');
    const save = byLabel(page.blocks, /^Save$/)!;
    expect(save.action_id).toBe(ACTION.save);
    paperId = decodeAction(save.value)!.paperId!;
    title = h.bot.library.get(paperId)!.title;
    const publishes = h.fake.callsTo('views.publish').length;

    const redrawn = await click(save);
    expect(redrawn.replace_original).toBe(true);
    expect(byLabel(redrawn.blocks, /^Saved ✓$/, paperId)?.action_id).toBe(ACTION.unsave);
    expect(await h.bot.store.saved.has({ teamId: TEAM, userId: USER, paperId })).toBe(true);
    // Saved from a channel: a 👍 of that channel for the lab feed.
    expect((await h.bot.store.feedback.taste(TEAM, CHANNEL)).liked).toContain(paperId);
    expect(h.fake.callsTo('views.publish').length).toBe(publishes + 1);
    expect(textOf(homeOf(USER).blocks)).toContain(title.slice(0, 30));
  });

  it('a new search shows the saved paper as "Saved ✓" for its saver only', async () => {
    const page = await paper('robustness');
    expect(byLabel(page.blocks, /^Saved ✓$/, paperId)).toBeDefined();
    const other = await paper('robustness', { user_id: 'U0BOB' });
    expect(byLabel(other.blocks, /^Saved ✓$/)).toBeUndefined();
  });

  it('/paper saved lists it, newest first; words narrow the list', async () => {
    const list = await paper('saved');
    expect(list.text).toContain('reading list');
    expect(buttonsOf(list.blocks).map((b) => decodeAction(b.value)?.paperId)).toContain(paperId);
    const none = await paper('saved zebra giraffe');
    expect(none.text).toMatch(/None of your saved papers match/);
  });

  it('a second click, on "Saved ✓", takes it off again', async () => {
    const page = await paper('robustness');
    const redrawn = await click(byLabel(page.blocks, /^Saved ✓$/, paperId)!);
    expect(byLabel(redrawn.blocks, /^Save$/, paperId)?.action_id).toBe(ACTION.save);
    expect(await h.bot.store.saved.has({ teamId: TEAM, userId: USER, paperId })).toBe(false);
    expect((await h.bot.store.feedback.taste(TEAM, CHANNEL)).liked).not.toContain(paperId);
    expect(textOf(homeOf(USER).blocks)).not.toContain(title.slice(0, 30));
  });

  it('Save on a public post answers only the clicker, with "Saved ✓" to undo', async () => {
    const page = await paper('robustness');
    const save = byLabel(page.blocks, /^Save$/, paperId)!;
    const publicButton = { ...save, value: save.value.replace('"s":"s"', '"s":"d"') };
    const note = await click(publicButton, { message: { type: 'message', ts: '1700000000.000300', text: 'digest' } });
    expect(note.replace_original).not.toBe(true);
    expect(note.text).toMatch(/^Saved .* to your reading list/);
    expect(byLabel(note.blocks, /^Saved ✓$/)?.action_id).toBe(ACTION.unsave);
    expect(await h.bot.store.saved.has({ teamId: TEAM, userId: USER, paperId })).toBe(true);
  });
});

describe('the App Home', () => {
  it('app_home_opened publishes that user’s Home with their saved paper, export, digests and the library', async () => {
    const publishes = h.fake.callsTo('views.publish').length;
    expect((await post(url, SECRET, eventCallback({ type: 'app_home_opened', user: USER, channel: 'D0ALICE', tab: 'home', event_ts: '1700000000.5' }))).status).toBe(200);
    await waitFor(() => h.fake.callsTo('views.publish').length > publishes);
    const view = homeOf(USER);
    expect(view.type).toBe('home');
    const saved = (await h.bot.store.saved.list(TEAM, USER))[0].paperId;
    expect(byLabel(view.blocks, /^Remove$/, saved)).toBeDefined();
    expect(byLabel(view.blocks, /^BibTeX$/, saved)).toBeDefined();
    expect(byLabel(view.blocks, /^Export BibTeX$/)).toBeDefined();
    expect(textOf(view.blocks)).toContain('Digests you run or can see');
    expect(textOf(view.blocks)).toMatch(/\*10\* papers in the library/);
    expect(checkView(view)).toEqual([]);
  });

  it('the Messages tab publishes nothing', async () => {
    const publishes = h.fake.callsTo('views.publish').length;
    await post(url, SECRET, eventCallback({ type: 'app_home_opened', user: USER, channel: 'D0ALICE', tab: 'messages', event_ts: '1700000000.6' }));
    await h.bot.inflight.idle();
    expect(h.fake.callsTo('views.publish').length).toBe(publishes);
  });

  it('Export uploads every saved paper as one .bib file to the DM, and the bytes parse as BibTeX', async () => {
    // A second saved paper, so the file holds more than one entry.
    const page = await paper('backdoor');
    await click(byLabel(page.blocks, /^Save$/)!);
    const home = homeOf(USER);
    const calls = await clickInView(byLabel(home.blocks, /^Export BibTeX$/)!, { id: 'VHOME' + USER, type: 'home', private_metadata: home.private_metadata });
    expect(calls.map((c) => c.method)).toEqual(['conversations.open', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const file = [...h.fake.uploads.values()].find((f) => f.filename === 'reading-list.bib')!;
    expect(file.completed).toBe(true);
    expect(file.channel).toBe('D0ALICE');
    const bib = parseBib(file.bytes.toString('utf8'));
    const saved = await h.bot.store.saved.list(TEAM, USER);
    expect(bib.errors).toEqual([]);
    expect(bib.entries.length).toBe(saved.length);
    expect(new Set(bib.entries.map((e) => e.key)).size).toBe(saved.length);
    // Titles compared as letters only: BibTeX braces and LaTeX escapes come back in the parser's own form.
    const letters = (t: string) => t.toLowerCase().replace(/[^a-z]/g, '');
    const titles = bib.entries.map((e) => letters(String(e.fields.title ?? '')));
    for (const s of saved) expect(titles).toContain(letters(h.bot.library.get(s.paperId)!.title));
  });

  it('Remove on the Home takes the paper off and republishes', async () => {
    const home = homeOf(USER);
    const first = (await h.bot.store.saved.list(TEAM, USER))[0].paperId;
    await clickInView(byLabel(home.blocks, /^Remove$/, first)!, { id: 'VHOME' + USER, type: 'home', private_metadata: home.private_metadata });
    expect(await h.bot.store.saved.has({ teamId: TEAM, userId: USER, paperId: first })).toBe(false);
    expect(byLabel(homeOf(USER).blocks, /^Remove$/, first)).toBeUndefined();
  });

  it('the search modal: Search opens it, submitting shows results in it, Save and Next redraw it', async () => {
    const home = homeOf(USER);
    const opened = await clickInView(byLabel(home.blocks, /^Search$/)!, { id: 'VHOME' + USER, type: 'home' });
    const open = opened.find((c) => c.method === 'views.open')!;
    expect(open.args.view.callback_id).toBe(SEARCH_MODAL);
    const viewId = [...h.fake.views.keys()].pop()!;

    const submission = {
      type: 'view_submission',
      team: { id: TEAM, domain: 'lab' },
      user: { id: USER, username: 'alice', team_id: TEAM },
      api_app_id: 'A0PAPER',
      token: 'legacy',
      trigger_id: '7.7.7',
      view: { id: viewId, type: 'modal', callback_id: SEARCH_MODAL, private_metadata: open.args.view.private_metadata, hash: 'h1', state: { values: { [SEARCH_INPUT.block]: { [SEARCH_INPUT.action]: { type: 'plain_text_input', value: 'learning' } } } } },
    };
    const res = await post(url, SECRET, { body: `payload=${encodeURIComponent(JSON.stringify(submission))}`, contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { response_action: string; view: View & { blocks: any[] } };
    expect(answer.response_action).toBe('update');
    expect(checkView(answer.view)).toEqual([]);
    expect(textOf(answer.view.blocks)).toMatch(/5 of 9 papers for \*learning\*/);

    const save = byLabel(answer.view.blocks, /^Save$/)!;
    const savedId = decodeAction(save.value)!.paperId!;
    const afterSave = await clickInView(save, { id: viewId, type: 'modal' });
    const update = afterSave.find((c) => c.method === 'views.update')!;
    expect(update.args.view_id).toBe(viewId);
    expect(byLabel(update.args.view.blocks, /^Saved ✓$/, savedId)).toBeDefined();
    expect(await h.bot.store.saved.has({ teamId: TEAM, userId: USER, paperId: savedId })).toBe(true);

    const next = byLabel(answer.view.blocks, /^Next$/)!;
    const paged = (await clickInView(next, { id: viewId, type: 'modal' })).find((c) => c.method === 'views.update')!;
    expect(textOf(paged.args.view.blocks)).toMatch(/6–9 of 9 papers for \*learning\*/);
  });

  it('an empty submission gets an error on the input, not a crash', async () => {
    const submission = { type: 'view_submission', team: { id: TEAM }, user: { id: USER, team_id: TEAM }, api_app_id: 'A0PAPER', token: 'legacy', trigger_id: '7.7.8', view: { id: 'V1', type: 'modal', callback_id: SEARCH_MODAL, state: { values: { [SEARCH_INPUT.block]: { [SEARCH_INPUT.action]: { type: 'plain_text_input', value: '  ' } } } } } };
    const res = await post(url, SECRET, { body: `payload=${encodeURIComponent(JSON.stringify(submission))}`, contentType: 'application/x-www-form-urlencoded' });
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { [SEARCH_INPUT.block]: 'Type a few words to search for.' } });
  });
});

describe('/paper trends', () => {
  const png = (bytes: Buffer) => ({ signature: bytes.subarray(0, 8).toString('hex'), width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

  it('uploads a PNG chart to the asker’s DM and says so', async () => {
    const answer = await paper('trends robustness');
    expect(answer.text).toMatch(/papers match robustness [▁▂▃▄▅▆▇█]+/);
    expect(textOf(answer.blocks)).toContain('in your DM');
    expect(textOf(answer.blocks)).toMatch(/Top authors:.*Madry/);
    const file = [...h.fake.uploads.values()].filter((f) => f.filename.endsWith('.png')).pop()!;
    expect(file.completed).toBe(true);
    expect(file.channel).toBe('D0ALICE');
    const info = png(file.bytes);
    expect(info.signature).toBe('89504e470d0a1a0a');
    expect([info.width, info.height]).toEqual([1200, 500]);
    expect(file.bytes.length).toBeGreaterThan(5_000);
    expect(file.bytes.length).toBeLessThan(500_000);
  });

  it('`share` posts it in the channel', async () => {
    const answer = await paper('trends robustness share');
    expect(textOf(answer.blocks)).toContain(`Chart posted in <#${CHANNEL}>`);
    expect([...h.fake.uploads.values()].pop()!.channel).toBe(CHANNEL);
  });

  it('without files:write, answers with the sparkline and says why', async () => {
    h.fake.fail('files.getUploadURLExternal', { error: 'missing_scope', times: 1 });
    const before = h.fake.uploads.size;
    const answer = await paper('trends robustness');
    expect(h.fake.uploads.size).toBe(before);
    expect(textOf(answer.blocks)).toMatch(/`[▁▂▃▄▅▆▇█]+`/);
    expect(textOf(answer.blocks)).toContain('files:write');
  });

  it('no match: no chart, no upload', async () => {
    const before = h.fake.calls.length;
    const answer = await paper('trends zzqqxx');
    expect(answer.text).toMatch(/No papers match/);
    expect(h.fake.calls.slice(before).some((c) => c.method.startsWith('files.'))).toBe(false);
  });
});
