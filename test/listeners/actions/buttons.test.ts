// Every button handler called as a plain function with the button's value only (no body.message, as for ephemeral messages).
import { describe, expect, it, vi } from 'vitest';
import { encodeAction, type ActionState } from '../../../src/blocks/index.ts';
import { hideAbstract, showAbstract } from '../../../src/listeners/actions/abstract.ts';
import { showBibtex } from '../../../src/listeners/actions/bibtex.ts';
import { unlessIndexing, type ButtonArgs } from '../../../src/listeners/actions/click.ts';
import { nextResults } from '../../../src/listeners/actions/next.ts';
import { shareToChannel } from '../../../src/listeners/actions/share.ts';
import { moreLikeThis } from '../../../src/listeners/actions/similar.ts';
import { runSuggestion } from '../../../src/listeners/actions/suggest.ts';
import { fakeClient, fakeRespond, services } from '../fakes.ts';

type Handler = (a: ButtonArgs, s: ReturnType<typeof services>) => Promise<void>;

async function click(handler: Handler, state: Partial<ActionState> | string, svc = services()) {
  const value = typeof state === 'string' ? state : encodeAction({ surface: 'search', query: 'robustness', offset: 0, limit: 5, ...state });
  const ack = vi.fn(async () => {});
  const respond = fakeRespond();
  const client = fakeClient();
  const body = { type: 'block_actions', user: { id: 'U0A1' }, channel: { id: 'C1' }, container: { type: 'message', channel_id: 'C1', is_ephemeral: true } };
  await handler({ ack, respond, client, body, action: { type: 'button', action_id: 'x', block_id: 'b', value, action_ts: '1' } } as unknown as ButtonArgs, svc);
  expect(ack).toHaveBeenCalledTimes(1);
  return { respond, client, reply: respond.mock.calls[0]?.[0] as any };
}

const mains = (blocks: any[]) => blocks.filter((b) => String(b.block_id).endsWith('.main')).length;

describe('button handlers', () => {
  it('Show abstract on a search page re-renders the page in place with that card expanded', async () => {
    const { reply } = await click(showAbstract, { paperId: 'p-robust-2' });
    expect(reply.replace_original).toBe(true);
    expect(JSON.stringify(reply.blocks)).toContain('Randomized smoothing gives certified robustness guarantees.');
    expect(reply.blocks.some((b: any) => b.elements?.some((e: any) => e.action_id === 'paper_abstract_hide'))).toBe(true);
    expect(mains(reply.blocks)).toBe(5);
  });

  it('Show abstract on a public surface answers with the abstract ephemerally and leaves the original alone', async () => {
    const { reply } = await click(showAbstract, { surface: 'mention', paperId: 'p-robust-2' });
    expect(reply.replace_original).toBe(false);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/^Abstract of Certified robustness/);
  });

  it('Hide abstract collapses the card', async () => {
    const { reply } = await click(hideAbstract, { paperId: 'p-robust-2', expandedId: 'p-robust-2' });
    expect(reply.replace_original).toBe(true);
    expect(JSON.stringify(reply.blocks)).not.toContain('paper_abstract_hide');
  });

  it('More like this posts a new ephemeral list', async () => {
    const { reply } = await click(moreLikeThis, { paperId: 'p-robust-1' });
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply.text).toMatch(/^Papers like Robustness of classifiers/);
  });

  it('Share to channel posts the card publicly in the clicked channel, shared by the clicker', async () => {
    const { client, respond } = await click(shareToChannel, { paperId: 'p-robust-3' });
    const posted = client.chat.postMessage.mock.calls[0][0];
    expect(posted.channel).toBe('C1');
    expect(posted.text).toBe('Robustness and accuracy trade-offs (shared by <@U0A1>)');
    expect(respond).not.toHaveBeenCalled();
  });

  it('BibTeX answers ephemerally with the entry', async () => {
    const { reply } = await click(showBibtex, { paperId: 'p-robust-3' });
    expect(reply.replace_original).toBe(false);
    expect(JSON.stringify(reply.blocks)).toMatch(/title\s*=\s*\{Robustness and accuracy trade-offs\}/);
  });

  it('Next results shows the following page in place', async () => {
    const { reply } = await click(nextResults, { offset: 5 });
    expect(reply.replace_original).toBe(true);
    expect(reply.text).toMatch(/^Paper 6 of 6/);
    expect(mains(reply.blocks)).toBe(1);
  });

  it('Next results on a "papers like" list pages the list', async () => {
    const { reply } = await click(nextResults, { surface: 'similar', likeId: 'p-robust-1', offset: 1, limit: 1 });
    expect(reply.replace_original).toBe(true);
    expect(reply.text).toMatch(/^Papers like Robustness of classifiers/);
  });

  it('a did-you-mean button runs the suggested query from the first page', async () => {
    const { reply } = await click(runSuggestion, { query: 'robustness', offset: 10 });
    expect(reply.text).toMatch(/^5 of 6 papers for robustness/);
  });

  it('a value we did not make gets a short "search again" note, not a crash', async () => {
    for (const handler of [showAbstract, hideAbstract, moreLikeThis, shareToChannel, showBibtex, nextResults, runSuggestion]) {
      const { reply } = await click(handler, '{"not":"ours"}');
      expect(reply.text).toMatch(/no longer works/);
    }
  });

  it('while the corpus is indexing, every button answers "still indexing" in a new message and leaves the page alone', async () => {
    const indexing = services({ health: { ready: false } });
    for (const [handler, state] of [
      [showAbstract, { paperId: 'p-robust-2' }],
      [showAbstract, { surface: 'mention', paperId: 'p-robust-2' }],
      [showBibtex, { paperId: 'p-robust-2' }],
      [shareToChannel, { paperId: 'p-robust-2' }],
      [nextResults, { offset: 5 }],
      [moreLikeThis, { paperId: 'p-robust-2' }],
    ] as Array<[Handler, Partial<ActionState>]>) {
      const { reply, client } = await click(unlessIndexing(handler), state, indexing);
      expect(reply.replace_original).toBe(false);
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toMatch(/still indexing/);
      expect(client.chat.postMessage).not.toHaveBeenCalled();
    }
    // Once ready, the wrapped handler runs as before.
    const { reply } = await click(unlessIndexing(showAbstract), { paperId: 'p-robust-2' });
    expect(reply.replace_original).toBe(true);
  });

  it('a paper removed from the library is reported by id', async () => {
    const { reply } = await click(showBibtex, { paperId: 'gone-paper' });
    expect(reply.text).toMatch(/no paper "gone-paper"/);
  });
});
