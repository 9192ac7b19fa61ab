// Reading-list messages: `/paper saved` (the clicker's saved papers as cards), the Save/Saved ✓ labels, the note after a click.
import type { Hit } from '../search/results.ts';
import { ACTION, decodeAction, encodeAction } from './actions.ts';
import { button } from './card.ts';
import type { KnownBlock, Message } from './message.ts';
import { bold } from './mrkdwn.ts';
import { pageOfCards, titlesText } from './page.ts';
import { countPhrase } from './search-message.ts';

export interface ReadingListInput {
  /** This page's saved papers, newest save first. */
  hits: readonly Hit[];
  /** Saved papers in all (matching `query` when there is one). */
  total: number;
  offset: number;
  limit: number;
  /** The filter words of `/paper saved <words>`; '' for the whole list. */
  query: string;
  /** Saved ids no longer in the library (removed from the corpus): counted, not shown. */
  missing?: number;
}

/** `/paper saved [words]`: the reading list as cards (each reads "Saved ✓"), newest first, with its own paging. */
export function readingListMessage(input: ReadingListInput): Message {
  const q = input.query ? ` matching ${bold(input.query, 150)}` : '';
  if (input.hits.length === 0) {
    const text = input.total > 0
      ? `No more saved papers${q} (${countPhrase(0, input.total, input.total)} in all).`
      : input.query
      ? `None of your saved papers match ${bold(input.query, 150)}. \`/paper saved\` lists them all.`
      : 'Your reading list is empty. Press *Save* on any paper card (`/paper <words>`, digests, shared cards) to keep it here.';
    return { text: text.replace(/\*/g, ''), blocks: [{ type: 'section', block_id: 'saved.head', text: { type: 'mrkdwn', text } }] };
  }
  const page = pageOfCards(input.hits, { surface: 'saved', query: input.query, offset: input.offset, limit: input.limit, saved: true, reserved: 3 });
  const head = `*Your reading list*${q} · ${countPhrase(input.offset, page.shown, input.total)}`;
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'saved.head', text: { type: 'mrkdwn', text: head } }];
  const hints = ['Newest first. Export them all as BibTeX from the App Home (paperbot → Home).'];
  if (input.missing) hints.push(`${input.missing} saved ${input.missing === 1 ? 'paper is' : 'papers are'} no longer in the library.`);
  blocks.push({ type: 'context', block_id: 'saved.hint', elements: hints.map((text) => ({ type: 'mrkdwn' as const, text })) });
  blocks.push(...page.blocks);
  const nav = [];
  const at = { surface: 'saved' as const, query: input.query, limit: input.limit };
  if (input.offset > 0) nav.push(button('Previous', ACTION.savedPage, encodeAction({ ...at, offset: Math.max(0, input.offset - input.limit) })));
  if (input.offset + page.shown < input.total) nav.push(button('Next', ACTION.savedPage, encodeAction({ ...at, offset: input.offset + page.shown })));
  // One action_id twice in a block is refused: each paging button gets its own block.
  nav.forEach((b, i) => blocks.push({ type: 'actions', block_id: `saved.nav${i}`, elements: [b] }));
  return { text: `Your reading list: ${countPhrase(input.offset, page.shown, input.total)}\n${titlesText(input.hits.slice(0, page.shown))}`, blocks };
}

/**
 * The same message with each card's Save button reading "Saved ✓" (and taking it off again) for the papers in
 * `saved`, and "Save" for the rest: cards are rendered without knowing who looks, so the listener marks them.
 */
export function withSaved(message: Message, saved: ReadonlySet<string>): Message {
  if (!message.blocks) return message;
  const blocks = message.blocks.map((block) => {
    if (block.type !== 'actions') return block;
    let changed = false;
    const elements = block.elements.map((el) => {
      if (el.type !== 'button' || (el.action_id !== ACTION.save && el.action_id !== ACTION.unsave)) return el;
      const paperId = decodeAction(el.value)?.paperId;
      const want = paperId !== undefined && saved.has(paperId) ? ACTION.unsave : ACTION.save;
      if (want === el.action_id) return el;
      changed = true;
      return button(want === ACTION.unsave ? 'Saved ✓' : 'Save', want, el.value ?? '');
    });
    return changed ? { ...block, elements } : block;
  });
  return { ...message, blocks: blocks as KnownBlock[] };
}

/**
 * The note only the clicker sees after Save / Saved ✓ on a public post (a digest, a shared card, a mention answer),
 * whose buttons are the same for everyone: it says what happened and offers the opposite.
 */
export function savedNoted(title: string, saved: boolean, value: string): Message {
  const name = bold(title || 'the paper', 200);
  const text = saved ? `Saved ${name} to your reading list (\`/paper saved\`, or paperbot's Home tab).` : `Removed ${name} from your reading list.`;
  return {
    text: text.replace(/\*/g, ''),
    blocks: [
      { type: 'section', block_id: 'saved.note', text: { type: 'mrkdwn', text } },
      { type: 'actions', block_id: 'saved.undo', elements: [saved ? button('Saved ✓', ACTION.unsave, value) : button('Save', ACTION.save, value)] },
    ],
  };
}
