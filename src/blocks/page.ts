// A page of cards: cards separated by dividers, capped so the whole message stays within 50 blocks.
import type { Hit } from '../search/results.ts';
import type { KnownBlock } from './message.ts';
import { cardBlocks, type CardOptions } from './card.ts';
import { LIMITS } from './limits.ts';
import { escapeClamped, head, neutralizeFormatting, oneLine } from './mrkdwn.ts';

export interface PageOptions extends Omit<CardOptions, 'expanded' | 'position'> {
  /** Blocks the caller adds around the cards (header, notes, next button); the cards get the rest of the 50. */
  reserved: number;
  /** Options for one card only (its "Why:" line, its 👍/👎 counts). Default none. */
  perCard?: (hit: Hit) => Partial<CardOptions>;
}

export interface Page {
  blocks: KnownBlock[];
  /** How many hits were rendered (fewer than given when the block cap was reached). */
  shown: number;
}

/** Renders hits as cards until the next card would break Slack's 50-block cap. */
export function pageOfCards(hits: readonly Hit[], opts: PageOptions): Page {
  const { reserved, perCard, ...card } = opts;
  const budget = LIMITS.blocksPerMessage - reserved;
  const blocks: KnownBlock[] = [];
  let shown = 0;
  for (const hit of hits) {
    const cardOpts: CardOptions = { ...card, ...perCard?.(hit), position: shown, expanded: !!card.expandedId && hit.paper.id === card.expandedId };
    const next = cardBlocks(hit, cardOpts);
    const divider = shown > 0 ? 1 : 0;
    if (blocks.length + divider + next.length > budget) break;
    if (divider) blocks.push({ type: 'divider', block_id: `div${shown}` });
    blocks.push(...next);
    shown += 1;
  }
  return { blocks, shown };
}

/**
 * Fallback text listing the titles (what notifications and screen readers show). Escaped and neutralised too: the
 * top-level `text` is parsed as mrkdwn, so an unescaped `<!channel>` in a title would notify everyone, and a
 * `*bold*` or `_it_` in it would be rendered.
 */
export function titlesText(hits: readonly Hit[], max = 2000): string {
  return escapeClamped(hits.map((h, i) => `${i + 1}. ${neutralizeFormatting(oneLine(head(h.paper.title ?? '', max))) || '(untitled)'}`).join('\n'), max);
}
