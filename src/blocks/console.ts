// Renders a Message for the local console: readable text plus numbered buttons a typed number can click.
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

export interface ConsoleOptions {
  /** Show bold as ANSI bold (for a terminal). Default false: bold stays as `*x*`. */
  ansi?: boolean;
  /**
   * Show buttons as "[n] Label". Default true (the console presses them by number); false for output nobody
   * can press buttons in, such as `paperbot digest preview`: buttons are then left out.
   */
  buttons?: boolean;
}

export interface ConsoleMessage {
  text: string;
  buttons: ConsoleButton[];
}

const BOLD_ON = '\x1b[1m';
const BOLD_OFF = '\x1b[22m';

type Obj = Record<string, any>;

/** Blocks as terminal text; falls back to `msg.text` when there are no blocks. */
export function messageToConsole(msg: Message, opts: ConsoleOptions = {}): ConsoleMessage {
  const ansi = opts.ansi ?? false;
  const buttons: ConsoleButton[] = [];
  const lines: string[] = [];
  const blocks = (msg.blocks ?? []) as Obj[];
  if (!blocks.length) return { text: mrkdwnToText(msg.text ?? '', ansi), buttons };
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        lines.push(ansi ? `${BOLD_ON}${b.text?.text ?? ''}${BOLD_OFF}` : `== ${b.text?.text ?? ''} ==`);
        break;
      case 'section':
        if (b.text) lines.push(textObject(b.text, ansi));
        for (const f of b.fields ?? []) lines.push(textObject(f, ansi));
        if (b.accessory?.type === 'button' && opts.buttons !== false) lines.push(buttonLabel(b.accessory, b.block_id, buttons));
        break;
      case 'context':
        lines.push((b.elements ?? []).filter((e: Obj) => typeof e.text === 'string').map((e: Obj) => textObject(e, ansi)).join('  |  '));
        break;
      case 'actions':
        if (opts.buttons === false) break;
        lines.push((b.elements ?? []).filter((e: Obj) => e.type === 'button').map((e: Obj) => buttonLabel(e, b.block_id, buttons)).join('  '));
        break;
      case 'divider':
        lines.push('-'.repeat(40));
        break;
    }
  }
  return { text: lines.join('\n'), buttons };
}

function textObject(t: Obj, ansi: boolean): string {
  return t.type === 'plain_text' ? String(t.text ?? '') : mrkdwnToText(String(t.text ?? ''), ansi);
}

function buttonLabel(el: Obj, blockId: string | undefined, buttons: ConsoleButton[]): string {
  const n = buttons.length + 1;
  const label = String(el.text?.text ?? '');
  buttons.push({ n, label, actionId: String(el.action_id ?? ''), value: String(el.value ?? ''), blockId: String(blockId ?? '') });
  return `[${n}] ${label}`;
}

/**
 * mrkdwn to terminal text: `<url|text>` -> "text (url)", mentions -> "@U123", `*bold*` -> ANSI or kept,
 * quotes indented, code fences dropped, and the three entities decoded last (so escaped text never
 * turns into markup on the way).
 */
export function mrkdwnToText(s: string, ansi = false): string {
  let out = s.replace(/```([\s\S]*?)```/g, (_m, code: string) => code);
  out = out.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const [target, label] = splitOnce(inner, '|');
    if (target.startsWith('@')) return label ? `@${label}` : target;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    return label ? `${label} (${target})` : target;
  });
  out = out.replace(/(^|[\s(>_~])\*([^*\n]+)\*(?=$|[\s).,;:!?_~])/gm, (_m, pre: string, inner: string) => (ansi ? `${pre}${BOLD_ON}${inner}${BOLD_OFF}` : `${pre}*${inner}*`));
  out = out.replace(/^>/gm, '  ');
  return unescapeMrkdwn(out);
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
