// A Card: the blocks for one paper (title link, authors, venue · year, marked snippet, links, buttons).
import type { Hit } from '../search/results.ts';
import type { Paper } from '../papers/paper.ts';
import type { KnownBlock } from './message.ts';
import { ACTION, encodeAction, type ActionState, type Surface } from './actions.ts';
import { LIMITS } from './limits.ts';
import { bold, clamp, escapeClamped, escapeMrkdwn, link, markedSnippet, mention, neutralizeFormatting, oneLine, plainText } from './mrkdwn.ts';
import { isChannelId } from './mrkdwn.ts';
import { cardUrl } from './paper-url.ts';

export interface CardOptions {
  /** Where the card is shown; goes into every button value (see `Surface`). */
  surface: Surface;
  /** The query of the page the card is on (goes into button values so a click can re-run it). */
  query: string;
  /** Offset and page size of the page the card is on. */
  offset: number;
  limit: number;
  /** Show the full abstract and a "Hide abstract" button instead of "Show abstract". Default false. */
  expanded?: boolean;
  /** The card expanded on this page, if another one is; kept in button values. Defaults to this paper when `expanded`. */
  expandedId?: string;
  /** For surface `similar`: the paper the list is like. */
  likeId?: string;
  /** User id of whoever shared the card; adds "Shared by @…". */
  sharedBy?: string;
  /** Render the buttons. Default true. */
  showButtons?: boolean;
  /** Position on the page; makes block_ids unique when a paper appears twice. Default none. */
  position?: number;
  /** Why the lab feed recommends it: the closest liked paper's title and a few words they share. Default none. */
  why?: CardWhy;
  /** The person the card is shown to saved it: the Save button reads "Saved ✓" and takes it off again. Default false. */
  saved?: boolean;
  /** Show 👍 Relevant / 👎 Not for us, with the channel's counts so far (lab feed). Default none. */
  feedback?: { up: number; down: number };
  /** Someone shared a link to it in a channel: "shared by @ada in #reading-group · 3 Dec". Default none. */
  shared?: SharedBy;
}

/** Who shared a paper link, where and when (the lab's memory, src/links). */
export interface SharedBy {
  userId: string;
  channel: string;
  at: Date;
  /** Today, so a share from another year shows its year. Default none: no year shown. */
  now?: Date;
}

/** The "Why:" line of a recommended card. */
export interface CardWhy {
  /** Title of the library or 👍 paper it is most like. */
  likeTitle: string;
  /** Distinctive words both use. */
  shared: string[];
}

/** Authors shown before "+N more". */
export const CARD_AUTHORS = 3;
/** Full abstracts longer than this many sections are cut (each section holds up to 3000 characters). */
export const ABSTRACT_SECTIONS = 3;
/** Characters of the code/data links line (each URL can be 1500). */
const LINKS_MAX = 2000;
/** Snippet characters shown, escapes included (snippets are about 300; the cap guards against bad data). */
const SNIPPET_MAX = 700;

/** The card's blocks: main section, context line, abstract sections when expanded, and buttons. */
export function cardBlocks(hit: Hit, opts: CardOptions): KnownBlock[] {
  const paper = hit.paper;
  const id = cardKey(paper.id, opts.position);
  const blocks: KnownBlock[] = [{ type: 'section', block_id: `${id}.main`, text: { type: 'mrkdwn', text: mainText(hit, !opts.expanded) } }];

  const context = contextElements(hit, opts.sharedBy, opts.why);
  if (opts.shared) context.push(sharedByLine(opts.shared));
  if (context.length) blocks.push({ type: 'context', block_id: `${id}.ctx`, elements: context.map((text) => ({ type: 'mrkdwn', text })) });

  if (opts.expanded) {
    abstractSections(paper.abstract, ABSTRACT_SECTIONS).forEach((text, i) => {
      blocks.push({ type: 'section', block_id: `${id}.abs${i}`, text: { type: 'mrkdwn', text } });
    });
  }

  if (opts.showButtons ?? true) blocks.push({ type: 'actions', block_id: `${id}.act`, elements: cardButtons(paper, opts) });
  return blocks;
}

/** Title link, authors, venue · year, then (collapsed) the snippet as a quote. Always under 3000 characters. */
function mainText(hit: Hit, withSnippet: boolean): string {
  const paper = hit.paper;
  const lines = [titleLine(paper)];
  const meta = [authorsLine(paper.authors), venueYear(paper)].filter(Boolean).join('  ·  ');
  if (meta) lines.push(meta);
  if (withSnippet && hit.snippet?.text?.trim()) {
    // The snippet gets what the other lines leave of Slack's 3000, so nothing is cut mid-link or mid-bold.
    const room = Math.min(SNIPPET_MAX, LIMITS.sectionText - lines.join('\n').length - 2);
    if (room > 20) lines.push(`>${markedSnippet(hit.snippet.text, hit.snippet.marks ?? [], room)}`);
  }
  return clamp(lines.join('\n'), LIMITS.sectionText);
}

/** `*<url|Title>*`: bold link. The title is escaped, `|` removed, and `*` neutralised so the bold holds. */
export function titleLine(paper: Paper): string {
  const title = oneLine(paper.title ?? '') || '(untitled)';
  return `*${link(cardUrl(paper), neutralizeFormatting(title), 300)}*`;
}

/** "A, B, C +2 more" (escaped, formatting neutralised: a name is never bold or struck through); empty when there are no authors. */
export function authorsLine(authors: readonly string[] | undefined, shown = CARD_AUTHORS): string {
  const names = (authors ?? []).map((a) => oneLine(a)).filter(Boolean);
  if (!names.length) return '';
  const head = names.slice(0, shown).map((a) => plainText(a, 80)).join(', ');
  return names.length > shown ? `${head} +${names.length - shown} more` : head;
}

/** "NeurIPS · 2020", "2020", "NeurIPS" or "": only what the data has, never invented. */
export function venueYear(paper: Paper): string {
  const parts: string[] = [];
  if (paper.venue?.trim()) parts.push(plainText(paper.venue, 120));
  // "NeurIPS 2020" already says the year: not "NeurIPS 2020 · 2020".
  const year = typeof paper.year === 'number' && Number.isFinite(paper.year) ? String(paper.year) : '';
  if (year && !new RegExp(`\\b${year}\\b`).test(paper.venue ?? '')) parts.push(year);
  return parts.join(' · ');
}

function contextElements(hit: Hit, sharedBy: string | undefined, why?: CardWhy): string[] {
  const out: string[] = [];
  if (why) out.push(whyLine(why));
  const links = linksLine(hit.paper);
  if (links) out.push(links);
  const matched = matchedLine(hit.matches);
  if (matched) out.push(matched);
  if (sharedBy) out.push(`Shared by ${mention(sharedBy)}`);
  return out;
}

/** "shared by <@U…> in <#C…> · 3 Dec" (Slack renders the mention and the channel); the year is added when it is not this one. */
export function sharedByLine(s: SharedBy): string {
  const at = s.at;
  if (Number.isNaN(at.getTime())) return `shared by ${mention(s.userId)}${isChannelId(s.channel) ? ` in <#${s.channel}>` : ''}`;
  const day = `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}${(s.now ?? new Date(at)).getUTCFullYear() !== at.getUTCFullYear() ? ` ${at.getUTCFullYear()}` : ''}`;
  return `shared by ${mention(s.userId)}${isChannelId(s.channel) ? ` in <#${s.channel}>` : ''} · ${day}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Why: like *Datamodels: Predicting…* · shared: datamodels, training data" (escaped, cut to fit a context element). */
export function whyLine(why: CardWhy): string {
  const shared = why.shared.filter((w) => w.trim()).slice(0, 4);
  return `Why: like ${bold(why.likeTitle, 120)}${shared.length ? ` · shared: ${escapeClamped(shared.join(', '), 120)}` : ''}`;
}

/** "pdf · code · data" as links; repeated kinds are numbered ("code · code 2"). At most 6 links. */
export function linksLine(paper: Paper): string {
  const items: Array<[string, string]> = [];
  if (paper.pdf) items.push(['pdf', paper.pdf]);
  const count: Record<string, number> = {};
  const seen = new Set(items.map(([, u]) => u));
  for (const l of paper.links ?? []) {
    if (!l?.url || seen.has(l.url)) continue;
    seen.add(l.url);
    const kind = l.kind === 'other' ? 'link' : l.kind;
    count[kind] = (count[kind] ?? 0) + 1;
    items.push([count[kind] > 1 ? `${kind} ${count[kind]}` : kind, l.url]);
  }
  // Whole links only, and only as many as fit a context element comfortably (long URLs exist).
  let out = '';
  for (const [label, url] of items.slice(0, 6)) {
    const next = (out ? ' · ' : '') + link(url, label);
    if (out.length + next.length > LINKS_MAX) break;
    out += next;
  }
  return out;
}

/**
 * "matched: *robustness* in title, abstract; *attacks* in abstract" from the hit's matches (at most 8), which are
 * keyed by the paper's own words: what matched, not what was typed ("robustnes").
 */
export function matchedLine(matches: Hit['matches'] | undefined): string {
  const entries = Object.entries(matches ?? {}).filter(([t]) => t.trim());
  if (!entries.length) return '';
  const parts: string[] = [];
  for (const [term, fields] of entries.slice(0, 8)) {
    const where = Array.isArray(fields) && fields.length ? ` in ${escapeClamped(fields.join(', '), 80)}` : '';
    parts.push(`${bold(term, 60)}${where}`);
  }
  const more = entries.length > parts.length ? ` +${entries.length - parts.length} more` : '';
  return `matched: ${parts.join('; ')}${more}`;
}

/**
 * The abstract as escaped mrkdwn sections of at most ~2900 characters each (Slack's section limit is 3000),
 * split at spaces; beyond `maxSections` the rest is cut with "…".
 */
export function abstractSections(abstract: string | undefined, maxSections: number): string[] {
  const raw = (abstract ?? '').trim();
  if (!raw) return ['_No abstract in the data._'];
  const budget = LIMITS.sectionText - 100;
  const sections: string[] = [];
  let current = '';
  for (const word of raw.split(/(\s+)/)) {
    const piece = escapeMrkdwn(neutralizeFormatting(word));
    if (current.length + piece.length > budget) {
      if (current.trim()) sections.push(current.trim());
      current = '';
      if (sections.length === maxSections) {
        sections[maxSections - 1] += ' …';
        return sections;
      }
      // A single "word" longer than a section (a pasted blob) is cut on its own.
      if (piece.length > budget) {
        sections.push(escapeClamped(neutralizeFormatting(word), budget));
        if (sections.length === maxSections) return sections;
        continue;
      }
      if (/^\s+$/.test(word)) continue;
    }
    current += piece;
  }
  if (current.trim()) sections.push(current.trim());
  return sections;
}

function cardButtons(paper: Paper, opts: CardOptions) {
  const expandedId = opts.expandedId ?? (opts.expanded ? paper.id : undefined);
  const state: ActionState = { surface: opts.surface, query: opts.query, offset: opts.offset, limit: opts.limit, paperId: paper.id };
  if (expandedId) state.expandedId = expandedId;
  if (opts.likeId) state.likeId = opts.likeId;
  const value = encodeAction(state);
  const buttons = [
    opts.expanded ? button('Hide abstract', ACTION.abstractHide, value) : button('Show abstract', ACTION.abstract, value),
    button('More like this', ACTION.similar, value),
  ];
  // A shared card is already in the channel.
  if (opts.surface !== 'shared') buttons.push(button('Share to channel', ACTION.share, value));
  buttons.push(button('BibTeX', ACTION.bibtex, value));
  // On public posts the card is the same for everyone, so it always offers Save; the clicker's note can undo it.
  buttons.push(opts.saved ? button('Saved ✓', ACTION.unsave, value) : button('Save', ACTION.save, value));
  if (opts.feedback) {
    const count = (n: number) => (n > 0 ? ` · ${n}` : '');
    buttons.push(button(`👍 Relevant${count(opts.feedback.up)}`, ACTION.relevant, value), button(`👎 Not for us${count(opts.feedback.down)}`, ACTION.notForUs, value));
  }
  return buttons;
}

/** A plain button; the label is clamped to Slack's 75 characters. */
export function button(label: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  const b: { type: 'button'; text: { type: 'plain_text'; text: string }; action_id: string; value: string; style?: 'primary' | 'danger' } = {
    type: 'button',
    text: { type: 'plain_text', text: clamp(oneLine(label) || '…', LIMITS.buttonText) },
    action_id: actionId,
    value,
  };
  if (style) b.style = style;
  return b;
}

/** Deterministic block_id prefix for a paper; long ids are cut and hashed so the full block_id stays under 255. */
export function cardKey(paperId: string, position?: number): string {
  const short = paperId.length <= 160 ? paperId : `${paperId.slice(0, 140)}~${fnv1a(paperId)}`;
  return position === undefined ? `card.${short}` : `card${position}.${short}`;
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}
