// The compact paper card Slack shows under a pasted arXiv, DOI or OpenReview link (chat.unfurl's `unfurls`).
import type { Paper } from '../papers/paper.ts';
import type { Hit } from '../search/results.ts';
import { cardBlocks, type SharedBy } from './card.ts';
import type { KnownBlock, Message } from './message.ts';
import { escapeClamped, oneLine } from './mrkdwn.ts';

/** Characters of the abstract an unfurl shows: its first lines, not the whole of it. */
export const UNFURL_ABSTRACT = 280;

export interface UnfurlOptions {
  /**
   * Show abstract, More like this and BibTeX. Their clicks look the paper up in the library, so they are only offered
   * for a paper the library holds (a shared link's paper joins it; a preview in the composer does not). Default true.
   */
  buttons?: boolean;
  /** Who shared it, where and when. Default none. */
  shared?: SharedBy;
}

/** One URL's unfurl: `{ blocks }` (https://docs.slack.dev/messaging/unfurling-links-in-messages). */
export interface Unfurl {
  blocks: KnownBlock[];
}

/** The unfurl of one link: title linked, authors · venue · year, the abstract's first lines, and the buttons. */
export function unfurlFor(paper: Paper, opts: UnfurlOptions = {}): Unfurl {
  return { blocks: cardBlocks(openingHit(paper), { surface: 'shared', query: '', offset: 0, limit: 1, showButtons: opts.buttons ?? true, shared: opts.shared }) };
}

/** The unfurls as a message, so checkMessage can hold each to Block Kit's limits (tests, and the listener's guard). */
export function unfurlAsMessage(paper: Paper, unfurl: Unfurl): Message {
  return { text: escapeClamped(oneLine(paper.title || paper.id), 300), blocks: unfurl.blocks };
}

/** A card's hit for a paper nobody searched: the abstract's first lines as its snippet, cut at a word. */
export function openingHit(paper: Paper, chars = UNFURL_ABSTRACT): Hit {
  const abstract = oneLine(paper.abstract ?? '');
  let text = abstract.slice(0, chars);
  if (abstract.length > chars) text = `${text.replace(/\s+\S*$/, '')}…`;
  return { paper, score: 0, matches: {}, snippet: { text, marks: [] } };
}
