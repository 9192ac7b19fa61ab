// Parses the search box syntax: words, "quoted phrases", author:/venue:/year: filters, -exclusions, pasted ids, filler.
import { cutText } from '../papers/cut.ts';
import { tokens } from './analyzer.ts';
import type { QueryWord } from './typos.ts';
import { parsePaperRef, type PaperRef } from './paper-ref.ts';

/** Limits that keep one query cheap whatever is pasted into the search box. */
export interface QueryLimits {
  /** Characters kept from the query (after cleaning); the rest is cut at a word boundary. Default 256. */
  maxChars: number;
  /** Words, phrases and filters kept; later ones are dropped. Default 32. */
  maxClauses: number;
}

/** The one cap on query length, for every surface (/paper, mentions, DMs, buttons, the CLI). */
export const MAX_QUERY_CHARS = 256;

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxChars: MAX_QUERY_CHARS, maxClauses: 32 };

/**
 * Cuts a query to `max` characters, at the last space when there is one in its second half (never inside a
 * surrogate pair), and says whether it cut.
 */
export function cutQuery(raw: string, max = MAX_QUERY_CHARS): { text: string; truncated: boolean } {
  const text = raw.trim();
  if (text.length <= max) return { text, truncated: false };
  const cut = cutText(text, max + 1);
  const space = cut.lastIndexOf(' ');
  return { text: (space > max / 2 ? cut.slice(0, space) : cutText(text, max)).trim(), truncated: true };
}

/** A field filter: `author:madry`, `author:"a madry"`, `venue:neurips`; `negate` for `-author:...`. */
export interface FieldFilter {
  field: 'author' | 'venue';
  value: string;
  negate: boolean;
}

export interface ParsedQuery {
  /**
   * The query after cleaning (control characters and Slack markup removed, whitespace collapsed), any cut for
   * length, and any conversational lead-in ("papers about …") dropped: what the answer says it searched for.
   */
  text: string;
  /** True when the query was cut to `QueryLimits`. */
  truncated: boolean;
  /** Set when the whole query is a pasted arXiv id/URL or DOI: look the paper up instead of searching. */
  lookup?: PaperRef;
  /** Free words as typed, in order (scored with OR; more matched words rank higher). */
  words: string[];
  /** Quoted phrases: every word must appear, adjacent and in order, in one field. */
  phrases: string[];
  /** `-word`: papers containing the word are left out. */
  excludeWords: string[];
  /** `-"some phrase"`: papers containing the phrase are left out. */
  excludePhrases: string[];
  filters: FieldFilter[];
  /** `year:2020` (from = to = 2020) or `year:2018-2021`, inclusive. */
  years?: { from: number; to: number };
}

/** One clause: optional "-", optional "key:", then a quoted string (closing quote optional) or a bare word. */
const CLAUSE = /(-?)(?:([a-z]+):)?(?:"([^"]*)"?|(\S+))/giu;
const YEAR = /^(\d{4})(?:(?:-|\.\.)(\d{4})?)?$/;

/**
 * Slack's special mentions and references: `<!here>`, `<!channel>`, `<!subteam^S1|@team>`, `<@U123>`, `<#C1|general>`
 * (https://docs.slack.dev/messaging/formatting-message-text). They address people, not papers; left in, "here"
 * would be searched (and fuzzily read as "where").
 */
const SLACK_MARKUP = /<[!@#][^<>]*>/g;

/** Control and format characters (NUL, bidi overrides, zero-width) are never meaningful in a query. */
function clean(raw: string): string {
  return raw
    .replace(SLACK_MARKUP, ' ')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/[“”„]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Conversational lead-ins of a DM or mention ("hey, can you find me some recent papers about …", "what's new in …",
 * "anything on …"): they ask for a search and say nothing about its topic, yet every word of them would be scored
 * ("papers" alone matches half of arXiv). Each is removed from the start of the query, repeatedly; a quoted phrase
 * is never touched, since a lead-in must be bare words followed by a space.
 */
const LEAD_INS: RegExp[] = [
  /^(?:hey|hi|hello|ok|okay|so|please|pls|um|uh)\b[,!.:]?\s+/i,
  /^(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?/i,
  /^(?:please\s+)?(?:(?:find|show|recommend|suggest)\s+(?!(?:me|us)$)(?:(?:me|us)\s+)?|(?:(?:give|get|send|fetch|list)\s+(?:me|us)|search\s+for|look\s+(?:for|up)|(?:i['’]?m|i\s+am|we['’]?re|we\s+are)?\s*looking\s+for|(?:i|we)(?:['’]d|\s+would)\s+like|(?:i|we)\s+(?:want|need)|do\s+you\s+(?:have|know)(?:\s+of)?|are\s+there|is\s+there|have\s+you\s+got)\s+)/i,
  /^what(?:['’]s|\s+is|\s+are)\s+(?:new|the\s+latest|latest|recent|happening)\s+(?:in|on|with|about)\s+/i,
  /^(?:(?:any|some|all|the|a\s+few|a\s+couple\s+of|recent|latest|new|newest|good|interesting|relevant|more|other)\s+)*(?:papers?|articles?|preprints?|publications?|research|stud(?:y|ies)|literature|stuff|anything|something)(?:\s+(?:new|recent|interesting))?\s+(?:about|on|regarding|concerning|related\s+to|relating\s+to|dealing\s+with|discussing|covering|in|that\s+(?:discuss|cover|study|address|use|propose)s?)\s+/i,
];
const TRAILERS = /(?:[\s?!.,]+(?:please|pls|thanks|thank\s+you|thx))*[\s?!.]*$/i;

/** `text` without its conversational lead-in and trailing "please?"; unchanged when nothing else would be left. */
function stripFiller(text: string): string {
  let out = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const lead of LEAD_INS) {
      const next = out.replace(lead, '');
      if (next !== out) {
        out = next;
        changed = true;
      }
    }
  }
  out = out.replace(TRAILERS, '');
  return /[\p{L}\p{N}]/u.test(out) ? out : text;
}

/** Parses a query string. Never throws: anything it does not understand becomes plain words. */
export function parseQuery(raw: string, limits: QueryLimits = DEFAULT_QUERY_LIMITS): ParsedQuery {
  // Cut before cleaning too, so a 100k-character paste costs no more than a short one.
  const cleaned = clean(cutText(String(raw ?? ''), limits.maxChars * 4));
  const cut = cutQuery(cleaned, limits.maxChars);
  let text = cut.text;
  const truncated = String(raw ?? '').length > limits.maxChars * 4 || cut.truncated;
  text = stripFiller(text);
  const query: ParsedQuery = { text, truncated, words: [], phrases: [], excludeWords: [], excludePhrases: [], filters: [] };
  const lookup = parsePaperRef(text);
  if (lookup) return { ...query, lookup };

  let clauses = 0;
  for (const m of text.matchAll(CLAUSE)) {
    const [, minus, rawKey, quoted, bare] = m;
    const negate = minus === '-';
    const key = rawKey?.toLowerCase();
    const value = (quoted ?? bare ?? '').trim();
    if (!value || !/[\p{L}\p{N}]/u.test(value)) continue;
    if (clauses >= limits.maxClauses) {
      query.truncated = true;
      break;
    }
    clauses++;
    if (key === 'author' || key === 'venue') {
      query.filters.push({ field: key, value, negate });
      continue;
    }
    if (key === 'year' && !negate) {
      const y = YEAR.exec(value);
      if (y) {
        const from = Number(y[1]);
        const to = y[2] ? Number(y[2]) : value.length > 4 ? 9999 : from;
        query.years = { from: Math.min(from, to), to: Math.max(from, to) };
        continue;
      }
    }
    // An unknown key ("IL-6:" or "e.g.:") is part of the text: keep the key as a word.
    const words = key ? `${rawKey} ${value}` : value;
    if (quoted !== undefined) (negate ? query.excludePhrases : query.phrases).push(words);
    else if (negate) query.excludeWords.push(words);
    else query.words.push(words);
  }
  return query;
}

/** True when the query asks for nothing (no words, phrases or filters). */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return !q.lookup && q.words.length === 0 && q.phrases.length === 0 && q.filters.length === 0 && !q.years;
}

/** The words of the free text and of the phrases, each with its analyzed terms; punctuation around a word dropped. */
export function queryWords(q: ParsedQuery): QueryWord[] {
  return [...q.words, ...q.phrases.flatMap((p) => p.split(' '))]
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean)
    .map((word) => {
      const w: QueryWord = { word, terms: [], typed: [], joined: [] };
      for (const t of tokens(word)) {
        if (t.stop) continue;
        w.terms.push(t.term);
        w.typed.push(word.slice(t.start, t.end));
        w.joined.push(t.joined);
      }
      return w;
    });
}
