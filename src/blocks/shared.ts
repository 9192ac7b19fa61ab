// `/paper shared [today|week|month] [words]`: what the lab shared, newest first, as cards with "shared by … in … · date".
import type { Hit } from '../search/results.ts';
import { decodeAction } from './actions.ts';
import { sharedByLine, type SharedBy } from './card.ts';
import { LIMITS } from './limits.ts';
import type { KnownBlock, Message } from './message.ts';
import { bold, escapeClamped, isChannelId, oneLine } from './mrkdwn.ts';
import { errorMessage } from './help-message.ts';
import { pageOfCards, titlesText } from './page.ts';

export interface SharedListInput {
  /** The period asked for. */
  period: 'today' | 'week' | 'month' | 'all';
  /** Words that narrowed the list; '' for none. */
  words: string;
  /** Newest first: each paper's card and its latest share. */
  items: ReadonlyArray<{ hit: Hit; shared: SharedBy }>;
}

const PERIOD_TEXT = { today: 'today', week: 'in the last 7 days', month: 'in the last 30 days', all: '' } as const;

/** The list, or a plain sentence saying nothing was shared (and how sharing works). */
export function sharedListMessage(input: SharedListInput): Message {
  const when = PERIOD_TEXT[input.period];
  const on = input.words ? ` on ${bold(input.words, 150)}` : '';
  if (input.items.length === 0) {
    const text = `No paper links shared${on}${when ? ` ${when}` : ' yet'}. Paste an arXiv, doi.org or OpenReview link in a channel I'm in and I'll remember it here.`;
    return { text, blocks: [{ type: 'section', block_id: 'shared.none', text: { type: 'mrkdwn', text } }] };
  }
  const shares = new Map(input.items.map((i) => [i.hit.paper.id, i.shared]));
  const page = pageOfCards(
    input.items.map((i) => i.hit),
    { surface: 'shared', query: '', offset: 0, limit: input.items.length, reserved: 1, perCard: (hit) => ({ shared: shares.get(hit.paper.id) }) },
  );
  const head = `*${page.shown} ${page.shown === 1 ? 'paper' : 'papers'} shared${when ? ` ${when}` : ''}*${on}, newest first`;
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'shared.head', text: { type: 'mrkdwn', text: head } }, ...page.blocks];
  return { text: `${head}\n${titlesText(input.items.slice(0, page.shown).map((i) => i.hit))}`, blocks };
}

/** `/paper forget <link>` done: the channels the person's share was removed from. */
export function forgottenMessage(channels: readonly string[]): Message {
  const where = channels.map((c) => (isChannelId(c) ? `<#${c}>` : escapeClamped(c, 40))).join(', ');
  const text = `Forgotten: your share of that paper in ${where}. It no longer counts as your 👍 there.`;
  return { text, blocks: [{ type: 'section', block_id: 'forget.done', text: { type: 'mrkdwn', text } }] };
}

/** `/paper forget` with nothing, or something that is no paper link. */
export function forgetUsageMessage(): Message {
  return errorMessage('Give me the link you shared: /paper forget https://arxiv.org/abs/2007.08489 (an arXiv, doi.org or OpenReview link).');
}

/** `/paper forget <link>` for a paper the person never shared (or already forgot). */
export function nothingToForgetMessage(link: string): Message {
  return errorMessage(`You have no share of ${oneLine(link).slice(0, 200)} to forget.`);
}

/**
 * The same message with "shared by @ada in #reading-group · 3 Dec" on each card whose paper someone in the workspace
 * shared (search, similar and mention pages are rendered without knowing the workspace, so the listener adds it).
 * The line joins the card's context block; a card without one gets a new block only while the message has room.
 */
export function withShares(message: Message, sharedOf: (paperId: string) => SharedBy | undefined): Message {
  if (!message.blocks) return message;
  const blocks = [...message.blocks];
  const byKey = new Map<string, string>();
  for (const b of blocks) {
    if (b.type !== 'actions' || !b.block_id?.endsWith('.act')) continue;
    const first = (b.elements as Array<{ type: string; value?: string }>).find((e) => e.type === 'button' && e.value);
    const paperId = first ? decodeAction(first.value)?.paperId : undefined;
    if (paperId) byKey.set(b.block_id.slice(0, -'.act'.length), paperId);
  }
  let changed = false;
  for (const [key, paperId] of byKey) {
    const share = sharedOf(paperId);
    if (!share) continue;
    const line = { type: 'mrkdwn' as const, text: sharedByLine(share) };
    const ctx = blocks.findIndex((b) => b.block_id === `${key}.ctx`);
    if (ctx >= 0) {
      const block = blocks[ctx] as { elements: unknown[] };
      if (block.elements.length >= LIMITS.contextElements) continue;
      blocks[ctx] = { ...blocks[ctx], elements: [...block.elements, line] } as KnownBlock;
    } else {
      const main = blocks.findIndex((b) => b.block_id === `${key}.main`);
      if (main < 0 || blocks.length >= LIMITS.blocksPerMessage) continue;
      blocks.splice(main + 1, 0, { type: 'context', block_id: `${key}.ctx`, elements: [line] });
    }
    changed = true;
  }
  return changed ? { ...message, blocks } : message;
}
