// Result pages: `/paper` and mention search results, "papers like" lists, and the nothing-found message.
import type { Paper } from '../papers/paper.ts';
import type { SearchResults } from '../search/results.ts';
import type { KnownBlock, Message } from './message.ts';
import { ACTION, encodeAction, type ActionState, type Surface } from './actions.ts';
import { button } from './card.ts';
import { bold, escapeClamped, isUserId, mention, oneLine, plainText } from './mrkdwn.ts';
import { pageOfCards, titlesText } from './page.ts';

export interface SearchMessageOptions {
  /** Page size the user asked for; goes into the "Next results" button. */
  limit: number;
  /** The query to show and to re-run on clicks. Default `results.query` (the query as searched). */
  query?: string;
  /** Where the message is shown. Default `search` (ephemeral `/paper` results). */
  surface?: Surface;
  /** Paper whose card is expanded to its full abstract. Default none. */
  expandedId?: string;
  /** Who asked; when set, the header addresses them (`<@U…>`), e.g. in a mention's thread. */
  userId?: string;
}

/** Characters of the query shown in headers; the rest is cut with "…". */
const QUERY_SHOWN = 200;
/** Shown when the query was cut before searching (MAX_QUERY_CHARS in src/search/query.ts). */
const TRUNCATED_NOTE = 'Your query was long, so only its beginning was searched.';
/** "Did you mean" suggestions offered as buttons. */
const SUGGESTIONS = 5;

/** A page of search results: header line, optional "query was cut" note, cards, "Next results" button. */
export function searchMessage(results: SearchResults, opts: SearchMessageOptions): Message {
  const query = opts.query ?? results.query;
  const surface = opts.surface ?? 'search';
  const q = bold(query, QUERY_SHOWN) || '_(empty query)_';
  const who = isUserId(opts.userId) ? `${mention(opts.userId)} ` : '';
  if (results.hits.length === 0) return noResults(results, query, surface, opts.limit, who);

  const head: KnownBlock[] = [];
  const notes = results.truncated ? [{ type: 'mrkdwn' as const, text: TRUNCATED_NOTE }] : [];
  // Typo tolerance changed a word: say how the query was read, so a surprising page explains itself.
  if (results.understoodAs) notes.push({ type: 'mrkdwn' as const, text: `Showing results for ${bold(results.understoodAs, QUERY_SHOWN)}.` });
  const page = pageOfCards(results.hits, {
    surface,
    query,
    offset: results.offset,
    limit: opts.limit,
    expandedId: opts.expandedId,
    reserved: 2 + (notes.length ? 1 : 0),
  });
  head.push(section('head', `${who}${countPhrase(results.offset, page.shown, results.total)} for ${q}`));
  if (notes.length) head.push({ type: 'context', block_id: 'note', elements: notes });
  const blocks = [...head, ...page.blocks];
  const nav = navBlock({ surface, query, offset: results.offset, limit: opts.limit }, page.shown, results.total);
  if (nav) blocks.push(nav);
  return { text: `${countPhrase(results.offset, page.shown, results.total)} for ${escapeClamped(oneLine(query), QUERY_SHOWN)}\n${titlesText(results.hits.slice(0, page.shown))}`, blocks };
}

export interface SimilarMessageOptions {
  limit: number;
  /** Default `similar` (ephemeral list). */
  surface?: Surface;
  expandedId?: string;
}

/** "Papers like *Title*": the cards of `index.similar(paper.id)`, paged like search results. */
export function similarMessage(paper: Paper, results: SearchResults, opts: SimilarMessageOptions): Message {
  const surface = opts.surface ?? 'similar';
  const title = bold(paper.title || paper.id, QUERY_SHOWN);
  if (results.hits.length === 0) {
    const text = results.total > 0 ? `No more papers like ${title}.` : `No other papers in the library look like ${title}.`;
    return { text: `No similar papers found for ${plainText(paper.title || paper.id, QUERY_SHOWN)}`, blocks: [section('head', text)] };
  }
  const page = pageOfCards(results.hits, { surface, query: results.query, offset: results.offset, limit: opts.limit, likeId: paper.id, expandedId: opts.expandedId, reserved: 2 });
  const blocks: KnownBlock[] = [section('head', `Papers like ${title} · ${countPhrase(results.offset, page.shown, results.total)}`), ...page.blocks];
  const nav = navBlock({ surface, query: results.query, offset: results.offset, limit: opts.limit, likeId: paper.id }, page.shown, results.total);
  if (nav) blocks.push(nav);
  return { text: `Papers like ${plainText(paper.title || paper.id, QUERY_SHOWN)}\n${titlesText(results.hits.slice(0, page.shown))}`, blocks };
}

/**
 * "5 papers", "1 paper", "5 of 23 papers", "6–10 of 23 papers", "Paper 23 of 23".
 * `offset` is 0-based; the range shown to people is 1-based.
 */
export function countPhrase(offset: number, shown: number, total: number): string {
  const noun = total === 1 ? 'paper' : 'papers';
  // Thousands separated: "5 of 61,009 papers" reads at a glance in a 75k-paper library.
  const n = (x: number) => x.toLocaleString('en-US');
  if (offset === 0 && shown >= total) return `${n(total)} ${noun}`;
  if (offset === 0) return `${shown} of ${n(total)} ${noun}`;
  if (shown === 1) return `Paper ${n(offset + 1)} of ${n(total)}`;
  return `${n(offset + 1)}\u2013${n(offset + shown)} of ${n(total)} ${noun}`;
}

function noResults(results: SearchResults, query: string, surface: Surface, limit: number, who: string): Message {
  const q = bold(query, QUERY_SHOWN) || '_(empty query)_';
  const plainQ = escapeClamped(oneLine(query), QUERY_SHOWN);
  if (results.total > 0) {
    // Paged past the end (e.g. an old "Next results" button after the library changed).
    return {
      text: `No more results for ${plainQ}`,
      blocks: [section('head', `${who}No more results for ${q} (${countPhrase(0, results.total, results.total)} in all).`)],
    };
  }
  if (results.lookup) {
    // A pasted arXiv id, link or DOI is a look-up: there is nothing to correct, the paper is just not in the library.
    const text = `${q} is not in the lab's library.`;
    return {
      text: `${plainQ} is not in the lab's library.`,
      blocks: [
        section('head', `${who}${text}`),
        { type: 'context', block_id: 'hint', elements: [{ type: 'mrkdwn', text: 'Add it to a file under `PAPERS_PATH` (or its arXiv category to `ARXIV_CATEGORIES`) and it will be found.' }] },
      ],
    };
  }
  const blocks: KnownBlock[] = [section('head', `${who}No papers match ${q}.`)];
  // A pasted paragraph is the likeliest long query, and the likeliest to match nothing: say what was searched.
  if (results.truncated) blocks.push({ type: 'context', block_id: 'note', elements: [{ type: 'mrkdwn', text: TRUNCATED_NOTE }] });
  const suggestions = (results.suggestions ?? []).map((s) => oneLine(s)).filter(Boolean).slice(0, SUGGESTIONS);
  if (suggestions.length) {
    blocks.push(section('dym', 'Did you mean:'));
    // One actions block per suggestion: Slack wants action_ids unique within a block, and one shared
    // `paper_suggest` id keeps the listener to a single registration.
    suggestions.forEach((s, i) => {
      blocks.push({ type: 'actions', block_id: `suggest${i}`, elements: [button(s, ACTION.suggest, encodeAction({ surface, query: s, offset: 0, limit }))] });
    });
  }
  blocks.push({
    type: 'context',
    block_id: 'hint',
    elements: [{ type: 'mrkdwn', text: 'Try fewer or shorter words, drop a filter like `year:` or `author:`, or see `/paper help`.' }],
  });
  const dym = suggestions.length ? ` Did you mean: ${escapeClamped(suggestions.join(', '), 300)}?` : '';
  return { text: `No papers match ${plainQ}.${dym}`, blocks };
}

/**
 * The paging row for a page at `page.offset` showing `shown` cards: "Previous results" past the first page, "Next
 * results" while more remain; none for a single page. Each button's value holds the offset it goes to.
 */
function navBlock(page: ActionState, shown: number, total: number): KnownBlock | undefined {
  const elements = [];
  if (page.offset > 0) elements.push(button('Previous results', ACTION.previous, encodeAction({ ...page, offset: Math.max(0, page.offset - page.limit) })));
  if (page.offset + shown < total) elements.push(button('Next results', ACTION.next, encodeAction({ ...page, offset: page.offset + shown })));
  return elements.length ? { type: 'actions', block_id: 'nav', elements } : undefined;
}

function section(blockId: string, text: string): KnownBlock {
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text } };
}
