// Lab-feed messages: "/paper for us" (the best papers for this channel, with why), and what a 👍/👎 click shows.
import type { Hit } from '../search/results.ts';
import { ACTION } from './actions.ts';
import type { CardWhy } from './card.ts';
import type { KnownBlock, Message } from './message.ts';
import { bold, isChannelId } from './mrkdwn.ts';
import { pageOfCards, titlesText } from './page.ts';
import { tasteLine, type TasteSummary } from './taste.ts';

export interface ForUsInput {
  /** The channel asked for; named in the header line. */
  channel?: string;
  /** Words that narrowed the list (`/paper for us robustness`); '' for none. */
  topic: string;
  /** Recommended papers, best first. */
  hits: readonly Hit[];
  why: ReadonlyMap<string, CardWhy>;
  votes?: ReadonlyMap<string, { up: number; down: number }>;
  taste: TasteSummary;
  /** Papers there were to rank at all (new papers from feeds). */
  candidates: number;
}

/** Where the lab feed's candidates come from, said when there are none yet (no text from users: nothing to escape). */
export const NO_FEED_YET = "papers arrive from arXiv (set ARXIV_CATEGORIES or ARXIV_QUERY); the library's own papers are what I learn from, not what I recommend.";

/** `/paper for us [words]`: the channel's best new papers by its taste, each with a "Why:" line and 👍/👎. */
export function forUsMessage(input: ForUsInput): Message {
  const where = isChannelId(input.channel) ? ` for <#${input.channel}>` : '';
  const on = input.topic ? ` on ${bold(input.topic, 150)}` : '';
  const blocks: KnownBlock[] = [];
  if (input.taste.cold) {
    const text = `I have nothing to learn this channel's taste from yet: no library papers (PAPERS_PATH) and no 👍. Try \`/paper <words>\`, and mark papers 👍 Relevant.`;
    return { text, blocks: [{ type: 'section', block_id: 'forus.cold', text: { type: 'mrkdwn', text } }] };
  }
  if (input.hits.length === 0) {
    const text = input.candidates
      ? `No new papers${on}${where} that have not been posted here already.`
      : `No new papers to rank yet${where}: ${NO_FEED_YET}`;
    return { text, blocks: [{ type: 'section', block_id: 'forus.none', text: { type: 'mrkdwn', text } }] };
  }
  const page = pageOfCards(input.hits, {
    surface: 'digest',
    query: input.topic,
    offset: 0,
    limit: input.hits.length,
    reserved: 2,
    perCard: (hit) => ({ why: input.why.get(hit.paper.id), feedback: input.votes?.get(hit.paper.id) ?? { up: 0, down: 0 } }),
  });
  const head = `*${page.shown} new ${page.shown === 1 ? 'paper' : 'papers'} most like this lab's*${on}${where}`;
  blocks.push({ type: 'section', block_id: 'forus.head', text: { type: 'mrkdwn', text: head } });
  blocks.push({ type: 'context', block_id: 'forus.taste', elements: [{ type: 'mrkdwn', text: tasteLine(input.taste) }] });
  blocks.push(...page.blocks);
  return { text: `${head}\n${titlesText(input.hits.slice(0, page.shown))}`, blocks };
}

/** The ephemeral note after a 👍/👎 click. */
export function feedbackNoted(title: string, value: 1 | -1, channel?: string): Message {
  const here = isChannelId(channel) ? ` in <#${channel}>` : ' here';
  const what = value === 1 ? `👍 Noted: papers like ${bold(title, 200)} will rank higher${here}.` : `👎 Noted: papers like ${bold(title, 200)} will rank lower${here}.`;
  return { text: `${what} Click again on the other button to change your mind.` };
}

/**
 * The message's blocks with the 👍/👎 buttons of one paper relabelled with the channel's counts, so everyone sees that
 * a click took (public digests). `value` is the clicked button's value (it names the paper); other cards are untouched.
 */
export function withVoteCounts(blocks: readonly KnownBlock[], value: string, tally: { up: number; down: number }): KnownBlock[] {
  const count = (n: number) => (n > 0 ? ` · ${n}` : '');
  return blocks.map((b) => {
    if (b.type !== 'actions' || !Array.isArray((b as { elements?: unknown[] }).elements)) return b;
    const elements = (b as { elements: Array<Record<string, any>> }).elements.map((e) => {
      if (e.type !== 'button' || e.value !== value) return e;
      if (e.action_id === ACTION.relevant) return { ...e, text: { type: 'plain_text', text: `👍 Relevant${count(tally.up)}` } };
      if (e.action_id === ACTION.notForUs) return { ...e, text: { type: 'plain_text', text: `👎 Not for us${count(tally.down)}` } };
      return e;
    });
    return { ...b, elements } as KnownBlock;
  });
}
