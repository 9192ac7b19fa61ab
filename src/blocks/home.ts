// The App Home tab and its modals: search, the reading list with Remove/BibTeX/Export, digests with Pause/Resume, the library.
import { cutText } from '../papers/cut.ts';
import type { Paper } from '../papers/paper.ts';
import type { SearchResults } from '../search/results.ts';
import type { Subscription } from '../store/subscriptions.ts';
import { ACTION, encodeAction } from './actions.ts';
import { authorsLine, button, titleLine, venueYear } from './card.ts';
import { describeSubscription } from './digest-replies.ts';
import { LIMITS, type View } from './limits.ts';
import type { KnownBlock } from './message.ts';
import { bibtexMessage } from './paper-messages.ts';
import { bold, clamp, escapeClamped, markedSnippet, oneLine } from './mrkdwn.ts';
import { countPhrase } from './search-message.ts';

/** Saved papers per Home page ("Show all" pages through the rest). */
export const HOME_SAVED_PAGE = 10;
/** Results per page in the search modal. */
export const MODAL_PAGE = 5;
/** The search modal's callback_id (its view_submission listener). */
export const SEARCH_MODAL = 'paper_search_modal';
/** Block and action ids of the modal's text input. */
export const SEARCH_INPUT = { block: 'search_q', action: 'query' } as const;
/** Characters of the query kept in a view's private_metadata (3000 in all, JSON included). */
const METADATA_QUERY = 1000;

export interface HomeDigest {
  sub: Subscription;
  /** "Mon 2 Mar, 09:00 Europe/Berlin", or undefined when paused. */
  next?: string;
}

export interface HomeInput {
  /** This page of the reading list, newest first. */
  saved: readonly Paper[];
  savedTotal: number;
  savedOffset: number;
  digests: readonly HomeDigest[];
  library: {
    papers: number;
    /** The newest paper first seen by the bot (from a feed), if any. */
    newest?: { title: string; at: string };
    /** When arXiv was last polled (ISO), when a poller runs. */
    lastPoll?: string;
    /** Still indexing after a restart. */
    indexing?: boolean;
  };
}

/** The Home tab of one user (views.publish). */
export function homeView(input: HomeInput): View {
  const blocks: KnownBlock[] = [
    { type: 'header', block_id: 'home.head', text: { type: 'plain_text', text: '📚 paperbot' } },
    {
      type: 'section',
      block_id: 'home.search',
      text: { type: 'mrkdwn', text: 'Find papers in the lab’s library. In any channel: `/paper <words>`, `/paper saved`, `/paper trends <words>`.' },
      accessory: button('Search', ACTION.homeSearch, 'home', 'primary'),
    },
    { type: 'divider', block_id: 'home.div1' },
    { type: 'header', block_id: 'home.saved', text: { type: 'plain_text', text: 'Your reading list' } },
  ];
  if (input.saved.length === 0) {
    const text = input.savedTotal > 0 ? `No more saved papers (${countPhrase(0, input.savedTotal, input.savedTotal)} in all).` : 'Nothing saved yet. Press *Save* on any paper card and it shows up here.';
    blocks.push({ type: 'section', block_id: 'home.saved.none', text: { type: 'mrkdwn', text } });
  } else {
    blocks.push({ type: 'context', block_id: 'home.saved.count', elements: [{ type: 'mrkdwn', text: `${countPhrase(input.savedOffset, input.saved.length, input.savedTotal)}, newest first` }] });
    input.saved.slice(0, HOME_SAVED_PAGE).forEach((paper, i) => {
      const value = encodeAction({ surface: 'saved', query: '', offset: input.savedOffset, limit: HOME_SAVED_PAGE, paperId: paper.id });
      blocks.push({ type: 'section', block_id: `home.p${i}`, text: { type: 'mrkdwn', text: paperLines(paper) } });
      blocks.push({ type: 'actions', block_id: `home.p${i}.act`, elements: [button('Remove', ACTION.homeRemove, value, 'danger'), button('BibTeX', ACTION.homeBibtex, value)] });
    });
    const nav = [];
    const page = (offset: number) => encodeAction({ surface: 'saved', query: '', offset, limit: HOME_SAVED_PAGE });
    if (input.savedOffset > 0) nav.push(button('Newest', ACTION.homePage, page(0)));
    const end = input.savedOffset + input.saved.length;
    if (end < input.savedTotal) nav.push(button(input.savedOffset === 0 ? `Show all ${input.savedTotal}` : 'Next', ACTION.homePage, page(end)));
    if (nav.length) blocks.push({ type: 'actions', block_id: 'home.saved.nav', elements: nav });
    blocks.push({
      type: 'section',
      block_id: 'home.export',
      text: { type: 'mrkdwn', text: `*Export:* all ${input.savedTotal} saved ${input.savedTotal === 1 ? 'paper' : 'papers'} as one \`.bib\` file, sent to you in a DM.` },
      accessory: button('Export BibTeX', ACTION.homeExport, 'export'),
    });
  }
  blocks.push({ type: 'divider', block_id: 'home.div2' }, { type: 'header', block_id: 'home.digests', text: { type: 'plain_text', text: 'Digests you run or can see' } });
  if (input.digests.length === 0) {
    blocks.push({ type: 'section', block_id: 'home.digests.none', text: { type: 'mrkdwn', text: 'None yet. In a channel: `/paper digest add <topic>`.' } });
  }
  input.digests.forEach(({ sub, next }, i) => {
    const when = sub.status === 'paused' ? `_paused_${sub.pauseReason ? ` (${escapeClamped(sub.pauseReason, 80)})` : ''}` : next ? `next ${escapeClamped(next, 80)}` : '';
    const text = clamp(`*#${sub.id}* in <#${sub.channel}> · ${describeSubscription(sub)}${when ? ` · ${when}` : ''}`, LIMITS.sectionText);
    const accessory = sub.status === 'paused' ? button('Resume', ACTION.homeDigestResume, String(sub.id), 'primary') : button('Pause', ACTION.homeDigestPause, String(sub.id));
    blocks.push({ type: 'section', block_id: `home.d${i}`, text: { type: 'mrkdwn', text }, accessory });
  });
  const lib = input.library;
  const facts = [lib.indexing ? 'Indexing the library…' : `*${lib.papers.toLocaleString('en-US')}* papers in the library`];
  if (lib.newest) facts.push(`newest addition: ${bold(lib.newest.title, 150)} (${escapeClamped(lib.newest.at.slice(0, 10), 20)})`);
  facts.push(lib.lastPoll ? `arXiv last polled ${escapeClamped(lib.lastPoll.slice(0, 16).replace('T', ' '), 20)} UTC` : 'arXiv polling is off');
  blocks.push({ type: 'divider', block_id: 'home.div3' }, { type: 'context', block_id: 'home.library', elements: facts.map((text) => ({ type: 'mrkdwn' as const, text })) });
  return { type: 'home', blocks, private_metadata: JSON.stringify({ o: input.savedOffset }) };
}

export interface SearchModalInput {
  /** What was searched; '' for the empty modal. */
  query: string;
  results?: SearchResults;
  /** Papers the user saved (their buttons read "Saved ✓"). */
  saved: ReadonlySet<string>;
}

/** The search modal: a text input, then a page of results with Save / Saved ✓ and paging (views.open / update). */
export function searchModalView(input: SearchModalInput): View {
  const query = clampQuery(input.query);
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: SEARCH_INPUT.block,
      label: { type: 'plain_text', text: 'Words, "a phrase", author:name, year:2019-2021' },
      element: { type: 'plain_text_input', action_id: SEARCH_INPUT.action, ...(query ? { initial_value: query } : {}), max_length: 256 },
    } as KnownBlock,
  ];
  const r = input.results;
  if (r) {
    const shown = r.hits.slice(0, MODAL_PAGE);
    const head = shown.length ? `${countPhrase(r.offset, shown.length, r.total)} for ${bold(query, 150)}` : r.total > 0 ? `No more results for ${bold(query, 150)}.` : `No papers match ${bold(query, 150)}.`;
    blocks.push({ type: 'section', block_id: 'modal.head', text: { type: 'mrkdwn', text: head } });
    shown.forEach((hit, i) => {
      const value = encodeAction({ surface: 'search', query, offset: r.offset, limit: MODAL_PAGE, paperId: hit.paper.id });
      const snippet = hit.snippet?.text?.trim() ? `\n>${markedSnippet(hit.snippet.text, hit.snippet.marks ?? [], 500)}` : '';
      blocks.push({ type: 'section', block_id: `modal.r${i}`, text: { type: 'mrkdwn', text: clamp(paperLines(hit.paper) + snippet, LIMITS.sectionText) } });
      const saved = input.saved.has(hit.paper.id);
      blocks.push({ type: 'actions', block_id: `modal.r${i}.act`, elements: [saved ? button('Saved ✓', ACTION.modalUnsave, value) : button('Save', ACTION.modalSave, value), button('BibTeX', ACTION.homeBibtex, value)] });
    });
    const nav = [];
    const page = (offset: number) => encodeAction({ surface: 'search', query, offset, limit: MODAL_PAGE });
    if (r.offset > 0) nav.push(button('Previous', ACTION.modalPage, page(Math.max(0, r.offset - MODAL_PAGE))));
    if (r.offset + shown.length < r.total) nav.push(button('Next', ACTION.modalPage, page(r.offset + shown.length)));
    // One action_id twice in a block is refused: each paging button gets its own block.
    nav.forEach((b, i) => blocks.push({ type: 'actions', block_id: `modal.nav${i}`, elements: [b] }));
  }
  return {
    type: 'modal',
    callback_id: SEARCH_MODAL,
    title: { type: 'plain_text', text: 'Search papers' },
    submit: { type: 'plain_text', text: 'Search' },
    close: { type: 'plain_text', text: 'Close' },
    blocks,
    private_metadata: JSON.stringify({ q: query, o: r?.offset ?? 0 }),
  };
}

/** A paper's BibTeX in a modal (Home and search-modal "BibTeX": views have no response_url to answer in). */
export function bibtexModalView(paper: Paper): View {
  return { type: 'modal', title: { type: 'plain_text', text: 'BibTeX' }, close: { type: 'plain_text', text: 'Close' }, blocks: bibtexMessage(paper).blocks ?? [] };
}

/** A short modal saying something went wrong or is on its way. */
export function noteModalView(title: string, text: string): View {
  return { type: 'modal', title: { type: 'plain_text', text: clamp(title, LIMITS.viewTitle) }, close: { type: 'plain_text', text: 'Close' }, blocks: [{ type: 'section', block_id: 'note', text: { type: 'mrkdwn', text: clamp(text, LIMITS.sectionText) } }] };
}

/** Title link, then authors · venue · year. */
function paperLines(paper: Paper): string {
  const meta = [authorsLine(paper.authors), venueYear(paper)].filter(Boolean).join('  ·  ');
  return clamp(meta ? `${titleLine(paper)}\n${meta}` : titleLine(paper), LIMITS.sectionText);
}

function clampQuery(q: string): string {
  return cutText(oneLine(q), METADATA_QUERY);
}
