// Renders a Message for a terminal: readable text wrapped at words, plus numbered buttons a typed number can click.
import type { Message } from './message.ts';
import { unescapeMrkdwn } from './mrkdwn.ts';

export interface ConsoleButton {
  /** 1-based number shown as "[n] Label". */
  n: number;
  label: string;
  actionId: string;
  value: string;
  blockId: string;
}

/** How `*bold*` and `_italic_` show: ANSI escapes (a terminal), plain words (piped output), or mrkdwn's own marks. */
export type Emphasis = 'ansi' | 'plain' | 'marks';

export interface ConsoleOptions {
  /** Default 'marks' (what `paperbot digest preview` prints); the console uses 'ansi' on a TTY, 'plain' when piped. */
  emphasis?: Emphasis;
  /**
   * Show buttons as "[n] Label". Default true (the console presses them by number); false for output nobody
   * can press buttons in, such as `paperbot digest preview`: buttons are then left out.
   */
  buttons?: boolean;
  /** Wrap lines at spaces to this many columns (the terminal's width). Default 0: no wrapping. */
  width?: number;
  /**
   * Words for ids, e.g. the console's own user → "you" and channel → "this console", so `<@UCONSOLE>` reads as a
   * person and not as an id. Ids not listed show as `@U123` / `#C123`. Default none.
   */
  names?: Readonly<Record<string, string>>;
}

export interface ConsoleMessage {
  text: string;
  buttons: ConsoleButton[];
}

const BOLD = ['\x1b[1m', '\x1b[22m'] as const;
const ITALIC = ['\x1b[3m', '\x1b[23m'] as const;
/** Glues the words of a button ("[2] More like this") so wrapping breaks only between buttons; a space when printed. */
const GLUE = '\u00a0';

type Obj = Record<string, any>;

/** Blocks as terminal text; falls back to `msg.text` when there are no blocks. */
export function messageToConsole(msg: Message, opts: ConsoleOptions = {}): ConsoleMessage {
  const emphasis = opts.emphasis ?? 'marks';
  const text = (t: Obj) => (t.type === 'plain_text' ? String(t.text ?? '') : mrkdwnToText(String(t.text ?? ''), opts));
  const buttons: ConsoleButton[] = [];
  const lines: string[] = [];
  const blocks = (msg.blocks ?? []) as Obj[];
  if (!blocks.length) lines.push(mrkdwnToText(msg.text ?? '', opts));
  for (const b of blocks) {
    switch (b.type) {
      case 'header': {
        const title = String(b.text?.text ?? '');
        lines.push(emphasis === 'ansi' ? `${BOLD[0]}${title}${BOLD[1]}` : `== ${title} ==`);
        break;
      }
      case 'section':
        if (b.text) lines.push(text(b.text));
        for (const f of b.fields ?? []) lines.push(text(f));
        if (b.accessory?.type === 'button' && opts.buttons !== false) lines.push(buttonLabel(b.accessory, b.block_id, buttons));
        break;
      case 'context':
        lines.push((b.elements ?? []).filter((e: Obj) => typeof e.text === 'string').map(text).join('  |  '));
        break;
      case 'actions':
        if (opts.buttons === false) break;
        lines.push((b.elements ?? []).filter((e: Obj) => e.type === 'button').map((e: Obj) => buttonLabel(e, b.block_id, buttons)).join('  '));
        break;
      case 'divider':
        lines.push('-'.repeat(Math.min(40, opts.width || 40)));
        break;
    }
  }
  const joined = lines.join('\n');
  return { text: (opts.width ? wrap(joined, opts.width) : joined).replaceAll(GLUE, ' '), buttons };
}

function buttonLabel(el: Obj, blockId: string | undefined, buttons: ConsoleButton[]): string {
  const n = buttons.length + 1;
  const label = String(el.text?.text ?? '');
  buttons.push({ n, label, actionId: String(el.action_id ?? ''), value: String(el.value ?? ''), blockId: String(blockId ?? '') });
  return `[${n}] ${label}`.replaceAll(' ', GLUE);
}

/**
 * mrkdwn to terminal text: `<url|label>` → "label (short url)", mentions → names or "@U123", `:warning:` → ⚠️,
 * `*bold*` / `_italic_` → per `emphasis`, quotes indented, code fences dropped, and the three entities decoded last
 * (so escaped text never turns into markup on the way).
 */
export function mrkdwnToText(s: string, opts: Pick<ConsoleOptions, 'emphasis' | 'names'> = {}): string {
  const emphasis = opts.emphasis ?? 'marks';
  const names = opts.names ?? {};
  let out = s.replace(/```([\s\S]*?)```/g, (_m, code: string) => code);
  // One pass for links and emoji, so an emoji name inside a URL is left alone.
  out = out.replace(/<([^<>]*)>|:([a-z0-9_+-]+):/g, (whole, inner: string | undefined, emoji: string | undefined, at: number, all: string) => {
    if (inner === undefined) return EMOJI[emoji!] ?? whole;
    const [target, label] = splitOnce(inner, '|');
    if (target.startsWith('@')) {
      const name = names[target.slice(1)];
      // A reply that starts by addressing you ("<@U1> 2 papers for …") keeps its "@" so it still reads as an address.
      if (name) return at === 0 || all[at - 1] === '\n' ? `@${name}` : name;
      return `@${label ?? target.slice(1)}`;
    }
    if (target.startsWith('#')) return names[target.slice(1)] ?? `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    return linkText(target, label);
  });
  const mark = (open: string, on: string, off: string) => (_m: string, pre: string, inner: string) =>
    emphasis === 'ansi' ? `${pre}${on}${inner}${off}` : emphasis === 'plain' ? `${pre}${inner}` : `${pre}${open}${inner}${open}`;
  // Slack only formats marks at word edges (`ro*bust*` stays literal), and so do we.
  out = out.replace(/(^|[\s(>_~])\*([^*\n]+)\*(?=$|[\s).,;:!?_~])/gm, mark('*', ...BOLD));
  out = out.replace(/(^|[\s(>*~])_([^_\n]+)_(?=$|[\s).,;:!?*~])/gm, mark('_', ...ITALIC));
  out = out.replace(/^>/gm, '  ');
  return unescapeMrkdwn(out);
}

/**
 * A link as its label and a short form of its URL. A short URL is shown whole (without "https://"); a long or
 * percent-encoded one (a Google Scholar search is a whole line of `%20`s) as its host and "…", which says where it
 * goes without burying the label.
 */
function linkText(url: string, label: string | undefined): string {
  if (/^mailto:/i.test(url)) return label ?? url.slice(7);
  const bare = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
  const short = bare.length <= 60 && !/%[0-9a-f]{2}/i.test(bare) ? bare : `${bare.split(/[/?#]/)[0]}/…`;
  if (!label || label === url || label === bare) return short;
  return `${label} (${short})`;
}

/**
 * Wraps each line at spaces so it fits `width` columns (ANSI escapes take none); continuation lines keep the
 * line's indent. A word wider than the line (a long URL) stays whole: a broken URL is worse than a long line.
 */
export function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (columns(line) <= width) return line;
      const indent = /^ */.exec(line)![0].slice(0, Math.floor(width / 2));
      const rows: string[] = [];
      let row = indent;
      let rowHasWord = false;
      for (const [, gap, word] of line.slice(indent.length).matchAll(/( *)([^ ]+)/g)) {
        if (rowHasWord && columns(row) + gap.length + columns(word) > width) {
          rows.push(row);
          row = indent + word;
        } else row += (rowHasWord ? gap : '') + word;
        rowHasWord = true;
      }
      rows.push(row);
      return rows.join('\n');
    })
    .join('\n');
}

/** Columns a string takes in a terminal: escapes none, emoji two, combining marks and variation selectors none. */
function columns(s: string): number {
  let n = 0;
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, '')) {
    if (/[\u0300-\u036f\ufe0f\u200d]/.test(ch)) continue;
    n += /\p{Extended_Pictographic}/u.test(ch) && ch !== '©' && ch !== '®' ? 2 : 1;
  }
  return n;
}

/** The emoji names the bot's messages use (and a few near them), as the characters Slack would show. */
const EMOJI: Readonly<Record<string, string>> = {
  warning: '⚠️',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  no_entry: '⛔',
  information_source: 'ℹ️',
  mag: '🔍',
  books: '📚',
  page_facing_up: '📄',
  newspaper: '📰',
  bell: '🔔',
  no_bell: '🔕',
  calendar: '📅',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  link: '🔗',
  bulb: '💡',
  sparkles: '✨',
  tada: '🎉',
  wave: '👋',
  thinking_face: '🤔',
  eyes: '👀',
};

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
