// The daily digest post: a header naming the digest, topic and date, then one card per new paper.
import type { Hit } from '../search/results.ts';
import type { KnownBlock, Message } from './message.ts';
import { LIMITS } from './limits.ts';
import { bold, clamp, escapeClamped, isChannelId, oneLine } from './mrkdwn.ts';
import type { CardWhy } from './card.ts';
import { pageOfCards, titlesText } from './page.ts';
import { NO_FEED_YET } from './lab-feed.ts';
import { tasteLine, type TasteSummary } from './taste.ts';

export interface DigestMessageInput {
  /** The digest's topic, which is also the query its papers matched ("robustness"). Empty for a topic-less digest ("Paper of the day"). */
  topic: string;
  /** Date as people read it, e.g. "Tue 24 Nov" (formatted by the caller in the digest's time zone). */
  dateLabel: string;
  /** New papers for this digest, best first. More than fit in one message are dropped; see `shown`. */
  hits: readonly Hit[];
  /** Title of the header. Default "Daily papers". */
  title?: string;
  /** Channel the digest is for (C…); named in the context line of a preview. Default none. */
  channel?: string;
  /** How many papers matched in all, when more than `hits` ("5 of 12 new papers"). Default `hits.length`. */
  total?: number;
  /** Ranked by the lab's taste: what it was learned from, or that it fell back (said under the header). Default none. */
  taste?: TasteSummary;
  /** Per paper id: why the lab feed picked it (the card's "Why:" line). */
  why?: ReadonlyMap<string, CardWhy>;
  /** Per paper id: the channel's 👍/👎 so far. Every digest card gets the two buttons; absent ids show none yet. */
  votes?: ReadonlyMap<string, { up: number; down: number }>;
  /** No paper has arrived from a feed yet: an empty digest ranked by taste says where new papers come from. */
  noFeed?: boolean;
}

/** Header "Daily papers · robustness · Tue 24 Nov", then cards (surface `digest`) with the usual buttons. */
export function digestMessage(input: DigestMessageInput): Message & { shown: number } {
  const title = oneLine(input.title ?? '') || 'Daily papers';
  const topic = oneLine(input.topic ?? '');
  // Header text is plain_text: no mrkdwn is parsed there, so it is cut, not escaped.
  const header = clamp([title, topic, oneLine(input.dateLabel)].filter(Boolean).join(' · '), LIMITS.headerText);
  const blocks: KnownBlock[] = [{ type: 'header', block_id: 'digest.head', text: { type: 'plain_text', text: header } }];
  const where = isChannelId(input.channel) ? ` for <#${input.channel}>` : '';
  const total = Math.max(input.total ?? 0, input.hits.length);

  if (input.hits.length === 0) {
    const on = topic ? ` on ${bold(topic, 150)}` : '';
    const text = input.noFeed && input.taste ? `No new papers${on} today${where}: ${NO_FEED_YET}` : `No new papers${on} today${where}.`;
    blocks.push({ type: 'section', block_id: 'digest.none', text: { type: 'mrkdwn', text } });
    return { text: `${escapeClamped(header, 150)}: no new papers`, blocks, shown: 0 };
  }
  const page = pageOfCards(input.hits, {
    surface: 'digest',
    query: topic,
    offset: 0,
    limit: input.hits.length,
    reserved: input.taste ? 3 : 2,
    perCard: (hit) => ({ why: input.why?.get(hit.paper.id), feedback: input.votes?.get(hit.paper.id) ?? { up: 0, down: 0 } }),
  });
  const count = page.shown === total ? `${total} new ${total === 1 ? 'paper' : 'papers'}` : `${page.shown} of ${total} new papers`;
  const on = topic ? ` on ${bold(topic, 150)}` : '';
  blocks.push({ type: 'context', block_id: 'digest.count', elements: [{ type: 'mrkdwn', text: `${count}${on}${where}` }] });
  if (input.taste) blocks.push({ type: 'context', block_id: 'digest.taste', elements: [{ type: 'mrkdwn', text: tasteLine(input.taste) }] });
  blocks.push(...page.blocks);
  return { text: `${escapeClamped(header, 150)}\n${titlesText(input.hits.slice(0, page.shown))}`, blocks, shown: page.shown };
}
