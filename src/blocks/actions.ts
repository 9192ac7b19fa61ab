// Button action ids and the codec for button values: everything a click handler needs travels in the value.
//
// Why the value carries the whole state: block_actions payloads from EPHEMERAL messages (our search results)
// come without a `message` field, so the handler cannot read the blocks it is updating. The value holds
// the query, page and expanded card so the handler can re-run the search and re-render.
// Slack caps a button value at 2000 characters; the query is cut to fit.
import { cutText } from '../papers/cut.ts';
import { LIMITS } from './limits.ts';

export const ACTION = {
  /** Expand a card to show its full abstract (or reply with `abstractMessage` on public surfaces). */
  abstract: 'paper_abstract',
  /** Collapse an expanded card. */
  abstractHide: 'paper_abstract_hide',
  /** Papers like this one: `similar(paperId)`. */
  similar: 'paper_similar',
  /** Post the card publicly with `sharedCardMessage`. */
  share: 'paper_share',
  /** Reply with `bibtexMessage`. */
  bibtex: 'paper_bibtex',
  /** Next page: re-run with `offset`/`limit` from the value. */
  next: 'paper_next',
  /** Previous page: the same, with the earlier offset in the value. */
  previous: 'paper_previous',
  /** Run a "did you mean" suggestion: the value's `query` is the suggestion. */
  suggest: 'paper_suggest',
  /** Lab feed: this channel finds the paper relevant (👍). */
  relevant: 'paper_relevant',
  /** Lab feed: not for this channel (👎). */
  notForUs: 'paper_not_for_us',
  /** Save the paper to the clicker's reading list (also a 👍 of the channel for the lab feed). */
  save: 'paper_save',
  /** "Saved ✓": take the paper off the clicker's reading list again. */
  unsave: 'paper_unsave',
  /** `/paper saved` paging: the value's `query` is the list's filter words, `offset` the page. */
  savedPage: 'saved_page',
  /** App Home: open the search modal. */
  homeSearch: 'home_search',
  /** App Home: another page of the reading list (offset in the value). */
  homePage: 'home_saved_page',
  /** App Home: remove a paper from the reading list. */
  homeRemove: 'home_remove',
  /** App Home: a paper's BibTeX, in a modal. */
  homeBibtex: 'home_bibtex',
  /** App Home: upload every saved paper as one .bib file to the user's DM. */
  homeExport: 'home_export',
  /** App Home: pause or resume a digest (its id in the value). */
  homeDigestPause: 'home_digest_pause',
  homeDigestResume: 'home_digest_resume',
  /** Search modal: another page of results (query and offset in the value). */
  modalPage: 'modal_page',
  /** Search modal: save / unsave a result (the modal is redrawn with views.update). */
  modalSave: 'modal_save',
  modalUnsave: 'modal_unsave',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Every action id a listener should register (e.g. `app.action(id, …)` for each). */
export const ACTION_IDS: readonly ActionId[] = Object.values(ACTION);

/**
 * Where the card is shown; tells the handler how to answer a click.
 * - `search`: ephemeral `/paper` results. Replace the original with a re-rendered `searchMessage`.
 * - `similar`: ephemeral "Papers like …" list (`likeId` is the paper the list is like). Replace with `similarMessage`.
 * - `mention`: reply in the thread of an `@paperbot` mention (a public message: answer clicks ephemerally).
 * - `digest`: a public digest post (answer clicks ephemerally, never rewrite the channel's post).
 * - `shared`: a card someone shared to the channel (public; answer ephemerally).
 * - `saved`: the ephemeral `/paper saved` reading list (its own paging; other clicks answer with a new message).
 */
export type Surface = 'search' | 'similar' | 'mention' | 'digest' | 'shared' | 'saved';

export const SURFACES: readonly Surface[] = ['search', 'similar', 'mention', 'digest', 'shared', 'saved'];

/** What a button click needs to know. */
export interface ActionState {
  surface: Surface;
  /** The search text that produced the page (may be cut to fit the 2000-character value; `truncated` is then set). */
  query: string;
  /** First hit of the page the button is on. */
  offset: number;
  /** Page size. */
  limit: number;
  /** The paper the button acts on (absent on `paper_next` / `paper_suggest`). */
  paperId?: string;
  /** The card that is currently expanded on this page, if any. */
  expandedId?: string;
  /** For surface `similar`: the paper the list is like. */
  likeId?: string;
  /** Set when `query` was cut to fit the value. */
  truncated?: boolean;
}

/**
 * The largest page size a button of ours carries: a digest card's page is as long as the digest, and a digest
 * has at most 10 papers (COUNT_RANGE in store/subscriptions.ts); searches page by 5.
 */
export const MAX_LIMIT = 10;
/** The farthest first hit a button may ask for: 200 pages of 5, well past what anyone pages through. */
export const MAX_OFFSET = 1000;

const SURFACE_CODE: Record<Surface, string> = { search: 's', similar: 'l', mention: 'm', digest: 'd', shared: 'h', saved: 'v' };
const CODE_SURFACE: Record<string, Surface> = Object.fromEntries(Object.entries(SURFACE_CODE).map(([k, v]) => [v, k as Surface]));

/** Wire form: short keys so the query gets most of the 2000 characters. `v` is the format version. */
interface Wire {
  v: 1;
  s: string;
  q: string;
  o: number;
  l: number;
  p?: string;
  e?: string;
  k?: string;
  t?: 1;
}

/**
 * JSON value for a button, at most `max` characters (default Slack's 2000).
 * Cuts the query until it fits; if the ids alone are too long (pathological data) drops `expandedId`, then
 * cuts the ids, so the message is still accepted (the handler then reports the paper as not found).
 */
export function encodeAction(state: ActionState, max: number = LIMITS.buttonValue): string {
  const wire: Wire = { v: 1, s: SURFACE_CODE[state.surface] ?? 's', q: state.query, o: nonNeg(state.offset), l: nonNeg(state.limit) };
  if (state.paperId) wire.p = state.paperId;
  if (state.expandedId) wire.e = state.expandedId;
  if (state.likeId) wire.k = state.likeId;
  if (state.truncated) wire.t = 1;
  // At most `max` characters of query can fit; cutting first keeps a 100k-character query cheap.
  const query = cutText(state.query, max);
  if (query.length < state.query.length) wire.t = 1;
  wire.q = query;
  let json = toJson(wire);
  if (json.length <= max) return json;

  wire.t = 1;
  // Binary search the longest query prefix whose JSON fits (escapes make the encoded length non-linear).
  let lo = 0;
  let hi = query.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    wire.q = cutText(query, mid);
    if (toJson(wire).length <= max) lo = mid;
    else hi = mid - 1;
  }
  wire.q = cutText(query, lo);
  json = toJson(wire);
  if (json.length <= max) return json;

  delete wire.e;
  json = toJson(wire);
  if (json.length <= max) return json;
  // Ids alone overflow: cut them so the message is still accepted (the handler will not find the paper).
  let room = Math.floor(max / 2);
  for (;;) {
    for (const key of ['p', 'k'] as const) if (wire[key]) wire[key] = cutText(wire[key]!, room) || '?';
    json = toJson(wire);
    if (json.length <= max || room <= 1) return json;
    room = Math.floor(room / 2);
  }
}

/**
 * JSON with `&`, `<`, `>` written as \u escapes, so the value holds none of Slack's control characters
 * and round-trips whether or not anything on the way entity-encodes them.
 */
function toJson(wire: Wire): string {
  return JSON.stringify(wire).replace(/[&<>]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** Parses a button value; null for anything that is not a value we made (never throws). */
export function decodeAction(value: unknown): ActionState | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS.buttonValue) return null;
  let w: unknown;
  try {
    w = JSON.parse(value);
  } catch {
    return null;
  }
  if (!w || typeof w !== 'object' || Array.isArray(w)) return null;
  const o = w as Record<string, unknown>;
  if (o.v !== 1 || typeof o.s !== 'string' || !(o.s in CODE_SURFACE) || typeof o.q !== 'string') return null;
  // A search ranks offset + limit hits, so tampered values of 10^6 cost 12–24× the CPU of a real click. An offset
  // past what paging reaches is answered as a stale button; a page size is clamped to the longest page we make.
  if (!isCount(o.o, MAX_OFFSET) || !isCount(o.l, Number.MAX_SAFE_INTEGER) || o.l === 0) return null;
  for (const k of ['p', 'e', 'k'] as const) if (o[k] !== undefined && (typeof o[k] !== 'string' || o[k] === '')) return null;
  const state: ActionState = { surface: CODE_SURFACE[o.s], query: o.q, offset: o.o as number, limit: Math.min(o.l as number, MAX_LIMIT) };
  if (o.p !== undefined) state.paperId = o.p as string;
  if (o.e !== undefined) state.expandedId = o.e as string;
  if (o.k !== undefined) state.likeId = o.k as string;
  if (o.t === 1) state.truncated = true;
  return state;
}


function nonNeg(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function isCount(n: unknown, max: number): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
}
