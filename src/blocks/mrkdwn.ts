// mrkdwn text primitives: escaping user/paper strings, safe links, mentions, bold marks and length clamps.
//
// Slack's rule (https://api.slack.com/reference/surfaces/formatting#escaping): in mrkdwn, `&`, `<` and `>`
// are control characters and must be sent as `&amp;`, `&lt;`, `&gt;`. Without that, a paper title or a
// query could produce `<!channel>`, `<@U123>` or a disguised link. Every user or paper string goes
// through `escapeMrkdwn` (or a function here that calls it) before it reaches a text object.

import { cutText } from '../papers/cut.ts';

const ELLIPSIS = '…';

/** Escapes Slack's three control characters. Nothing else: Slack decodes only these three entities. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Reverses `escapeMrkdwn` (for display outside Slack, e.g. the console). `&amp;` last so `&amp;lt;` stays `&lt;`. */
export function unescapeMrkdwn(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Replaces the characters that would open or close mrkdwn formatting with look-alikes: inside our own markers
 * (`*bold*`, `*<url|title>*`) a `*` in a title would end the bold early, and anywhere else `*bold*`, `_it_` or
 * `~strike~` from paper data would be rendered. An `_` between two letters or digits (snake_case) stays: Slack
 * opens and closes italics only at word edges.
 */
export function neutralizeFormatting(s: string): string {
  return s
    .replace(/\*/g, '\u2217')
    .replace(/~/g, '\u223C')
    .replace(/`/g, '\u02CB')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\u02CD');
}

/**
 * Paper or user text for a plain spot (a fallback `text`, a meta line): one line, formatting neutralised, escaped,
 * at most `max` characters.
 */
export function plainText(raw: string, max: number): string {
  return escapeClamped(neutralizeFormatting(oneLine(head(raw, max))), max);
}

/** Cuts `s` to at most `max` UTF-16 units, ending with "…" when cut, never splitting a surrogate pair. */
export function clamp(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  return cutText(s, max - ELLIPSIS.length) + ELLIPSIS;
}

/**
 * Escapes `raw` and cuts the result to `max` characters without breaking an entity like `&amp;`
 * (cutting after escaping could leave a dangling `&am`, cutting before could still overflow).
 */
export function escapeClamped(raw: string, max: number): string {
  if (raw.length <= max) {
    const full = escapeMrkdwn(raw);
    if (full.length <= max) return full;
  }
  let out = '';
  for (const ch of raw) {
    const piece = escapeMrkdwn(ch);
    if (out.length + piece.length > max - ELLIPSIS.length) break;
    out += piece;
  }
  return out + ELLIPSIS;
}

/** The first `max * 4` characters: enough for any `max`-character display after whitespace collapses. */
export function head(raw: string, max: number): string {
  return raw.length > max * 4 ? raw.slice(0, max * 4) + ' …' : raw;
}

/** Collapses runs of whitespace (newlines in abstracts would otherwise break a one-line layout). */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Returns the URL if it is an http(s) URL, encoded so it cannot end the `<url|text>` link early,
 * else undefined (a `javascript:` or `<!channel>` "URL" from bad data must never become a link).
 * `&` is sent as `&amp;`: Slack decodes the three entities everywhere in mrkdwn, URLs included.
 */
export function safeUrl(url: string | undefined, max = 1500): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s]+$/i.test(trimmed)) return undefined;
  const encoded = trimmed.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  return encoded.length <= max ? encoded : undefined;
}

/** Link text may contain neither `|` (separator) nor `>` (end of link); `>` is already escaped. */
function linkText(raw: string, max: number): string {
  return escapeClamped(oneLine(raw).replace(/\|/g, '\u2223'), max);
}

/** `<url|text>` with both parts made safe; plain escaped text when the URL is not usable. */
export function link(url: string | undefined, text: string, maxText = 300): string {
  const u = safeUrl(url);
  const t = linkText(text, maxText) || 'link';
  return u ? `<${u}|${t}>` : t;
}

/** Slack user ids (U…, W… for Enterprise Grid). Anything else is shown as text, never as a mention. */
export function isUserId(id: string | undefined): id is string {
  return typeof id === 'string' && /^[UW][A-Z0-9]{2,30}$/.test(id);
}

/** `<@U123>` for a valid user id, else the escaped string. */
export function mention(userId: string): string {
  return isUserId(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** Slack conversation ids: C… (channel), G… (private/group), D… (DM). */
export function isChannelId(id: string | undefined): id is string {
  return typeof id === 'string' && /^[CGD][A-Z0-9]{2,30}$/.test(id);
}

/** Bold mrkdwn for a user string: escaped, formatting neutralised, clamped, never an empty `**`. */
export function bold(raw: string, max = 300): string {
  // Only the start can be shown; cutting first keeps a 100k-character query cheap.
  const inner = escapeClamped(neutralizeFormatting(oneLine(head(raw, max))), max);
  return inner ? `*${inner}*` : '';
}

/**
 * Snippet text with the marked words in bold, at most `max` characters of mrkdwn (escapes included).
 * Marks are sanitised (clamped to the text, sorted, merged) and widened to whole words, because Slack only
 * renders `*bold*` when the asterisks sit at word boundaries (`ro*bust*` shows literal asterisks).
 * Asterisks in the passage itself become look-alikes so they cannot pair with our markers.
 * When cut, the cut falls between characters (never inside `&amp;`) and an open bold is still closed.
 */
export function markedSnippet(text: string, marks: ReadonlyArray<readonly [number, number]>, max = 1000): string {
  const cut = text.length > max;
  const src = (cut ? text.slice(0, max - ELLIPSIS.length) : text).replace(/\s/g, ' ');
  const pieces: Array<{ raw: string; bold: boolean }> = [];
  let pos = 0;
  for (const [s, e] of normalizeMarks(src, marks)) {
    if (s > pos) pieces.push({ raw: src.slice(pos, s), bold: false });
    pieces.push({ raw: src.slice(s, e), bold: true });
    pos = e;
  }
  if (pos < src.length) pieces.push({ raw: src.slice(pos), bold: false });

  // Room for the closing "…" is kept when the source itself was cut.
  const limit = cut ? max - ELLIPSIS.length : max;
  let out = '';
  for (const { raw, bold } of pieces) {
    const room = limit - out.length - (bold ? 2 : 0);
    const full = escapeMrkdwn(neutralizeFormatting(raw));
    if (full.length <= room) {
      out += bold ? `*${full}*` : full;
      continue;
    }
    // This piece overflows: show what fits (ending in "…"), keep a bold closed, and stop.
    const part = room > ELLIPSIS.length ? escapeClamped(neutralizeFormatting(raw), room) : '';
    return bold && part ? `${out}*${part}*` : `${out}${part || ELLIPSIS}`.slice(0, max);
  }
  return cut ? out + ELLIPSIS : out;
}

const WORD = /[\p{L}\p{N}_'-]/u;

function normalizeMarks(text: string, marks: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const valid: Array<[number, number]> = [];
  for (const m of Array.isArray(marks) ? marks : []) {
    if (!Array.isArray(m) || m.length < 2) continue;
    let [s, e] = [Math.floor(Number(m[0])), Math.floor(Number(m[1]))];
    if (!Number.isFinite(s) || !Number.isFinite(e)) continue;
    s = Math.max(0, s);
    e = Math.min(text.length, e);
    // Empty, reversed or out-of-range marks are dropped before widening, or they would grow into a word.
    if (e <= s) continue;
    while (s > 0 && WORD.test(text[s - 1])) s -= 1;
    while (e < text.length && WORD.test(text[e])) e += 1;
    // Bold must not start or end on whitespace, or Slack shows the asterisks.
    while (s < e && text[s] === ' ') s += 1;
    while (e > s && text[e - 1] === ' ') e -= 1;
    if (e > s) valid.push([s, e]);
  }
  valid.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const m of valid) {
    const last = merged[merged.length - 1];
    // Overlapping spans, or spans with only spaces between, become one: never `*a**b*`, and
    // "*adversarially robust*" reads better than "*adversarially* *robust*".
    if (last && (m[0] <= last[1] || /^ +$/.test(text.slice(last[1], m[0])))) last[1] = Math.max(last[1], m[1]);
    else merged.push([m[0], m[1]]);
  }
  return merged;
}
