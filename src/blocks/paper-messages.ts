// Messages about one paper: the card shared to a channel, its abstract, and its BibTeX.
import type { Paper } from '../papers/paper.ts';
import type { Hit } from '../search/results.ts';
import type { KnownBlock, Message } from './message.ts';
import { abstractSections, authorsLine, cardBlocks, titleLine, venueYear } from './card.ts';
import { toBibtex } from './bibtex.ts';
import { LIMITS } from './limits.ts';
import { escapeMrkdwn, isUserId, plainText } from './mrkdwn.ts';

/** Abstract sections in `abstractMessage`: a message of its own has room for ~43k characters, far past any real abstract. */
const ABSTRACT_MESSAGE_SECTIONS = 15;

/**
 * The public card posted by "Share to channel": the paper's card with "Shared by @user", collapsed, with
 * buttons whose surface is `shared` (clicks answer the clicker ephemerally). No expand state: the card is
 * the same for everyone in the channel.
 */
export function sharedCardMessage(hit: Hit, userId: string): Message {
  const blocks = cardBlocks(hit, { surface: 'shared', query: '', offset: 0, limit: 1, sharedBy: userId });
  const by = isUserId(userId) ? ` (shared by <@${userId}>)` : '';
  return { text: `${plainText(hit.paper.title || hit.paper.id, 300)}${by}`, blocks };
}

/** A paper's full abstract as a message of its own (answer to "Show abstract" on a public surface). */
export function abstractMessage(paper: Paper): Message {
  const meta = [authorsLine(paper.authors), venueYear(paper)].filter(Boolean).join('  ·  ');
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'title', text: { type: 'mrkdwn', text: meta ? `${titleLine(paper)}\n${meta}` : titleLine(paper) } }];
  abstractSections(paper.abstract, ABSTRACT_MESSAGE_SECTIONS).forEach((text, i) => blocks.push({ type: 'section', block_id: `abs${i}`, text: { type: 'mrkdwn', text } }));
  return { text: `Abstract of ${plainText(paper.title || paper.id, 300)}`, blocks };
}

/**
 * The paper's BibTeX in a code block. Long entries (hundreds of authors) are split over several sections,
 * each its own code block, so none passes Slack's 3000 characters.
 */
export function bibtexMessage(paper: Paper): Message {
  const bib = toBibtex(paper);
  // Three backticks would close our code block early; a lookalike keeps the entry readable.
  const safe = escapeMrkdwn(bib.replace(/```/g, '\u02CB\u02CB\u02CB'));
  const chunks = splitLines(safe, LIMITS.sectionText - 10);
  const blocks: KnownBlock[] = chunks.slice(0, 20).map((chunk, i) => ({ type: 'section', block_id: `bib${i}`, text: { type: 'mrkdwn', text: '```' + chunk + '```' } }));
  return { text: `BibTeX for ${plainText(paper.title || paper.id, 300)}`, blocks };
}

/** Splits at line ends into chunks of at most `max` characters (a single over-long line is cut, never an entity). */
function splitLines(s: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of s.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (cur) out.push(cur);
      cur = '';
      let cut = max;
      const amp = rest.lastIndexOf('&', cut);
      if (amp > max - 5) cut = amp;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    const next = cur ? `${cur}\n${rest}` : rest;
    if (next.length > max) {
      out.push(cur);
      cur = rest;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}
