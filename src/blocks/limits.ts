// Slack's Block Kit limits in one place, and the checker every built message must pass.
//
// Sources: https://api.slack.com/reference/block-kit/blocks (50 blocks per message; section text 3000,
// fields 10 x 2000; header plain_text 150; context 10 elements; actions 25 elements; block_id 255, unique
// per message) and https://api.slack.com/reference/block-kit/block-elements#button (text 75, value 2000,
// action_id 255, url 3000). Slack rejects the whole message (`invalid_blocks`) when one of these is broken,
// so the builders clamp to them and the tests run `checkMessage` on everything.
import type { Message } from './message.ts';

export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  contextElements: 10,
  actionsElements: 25,
  /** Slack truncates the top-level `text` beyond 40,000 characters; we keep it far shorter. */
  messageText: 40000,
  /** Views (App Home, modals): https://docs.slack.dev/reference/views — 100 blocks, private_metadata 3000, title 24. */
  blocksPerView: 100,
  privateMetadata: 3000,
  viewTitle: 24,
  callbackId: 255,
} as const;

/** Thrown by `assertMessage`; `violations` lists every broken limit, one per line of the message. */
export class BlockLimitError extends Error {
  readonly code = 'block_limits';
  constructor(readonly violations: string[]) {
    super(`Message breaks Block Kit limits:\n${violations.join('\n')}`);
    this.name = 'BlockLimitError';
  }
}

type Obj = Record<string, unknown>;

/** Every limit the message breaks, as readable strings ("blocks[3] (card.0.main): section text is 3012 characters (max 3000)"). Empty when fine. */
export function checkMessage(msg: Message): string[] {
  const out: string[] = [];
  if (typeof msg?.text !== 'string' || msg.text.trim() === '') out.push('text: fallback text is missing (Slack needs it for notifications)');
  else if (msg.text.length > LIMITS.messageText) out.push(`text: ${msg.text.length} characters (max ${LIMITS.messageText})`);
  const blocks = (msg?.blocks ?? []) as unknown[];
  if (!Array.isArray(blocks)) return [...out, 'blocks: not an array'];
  if (blocks.length > LIMITS.blocksPerMessage) out.push(`blocks: ${blocks.length} blocks (max ${LIMITS.blocksPerMessage})`);
  const seen = new Set<string>();
  blocks.forEach((raw, i) => {
    const b = (raw ?? {}) as Obj;
    const where = `blocks[${i}]${typeof b.block_id === 'string' ? ` (${b.block_id.slice(0, 60)})` : ''}`;
    if (b.block_id !== undefined) {
      if (typeof b.block_id !== 'string' || b.block_id.length === 0) out.push(`${where}: block_id must be a non-empty string`);
      else {
        if (b.block_id.length > LIMITS.blockId) out.push(`${where}: block_id is ${b.block_id.length} characters (max ${LIMITS.blockId})`);
        if (seen.has(b.block_id)) out.push(`${where}: block_id is not unique in the message`);
        seen.add(b.block_id);
      }
    }
    switch (b.type) {
      case 'section':
        checkSection(b, where, out);
        break;
      case 'header':
        checkText(b.text, where, 'header text', LIMITS.headerText, out, 'plain_text');
        break;
      case 'context': {
        const els = Array.isArray(b.elements) ? b.elements : [];
        if (els.length === 0) out.push(`${where}: context has no elements`);
        if (els.length > LIMITS.contextElements) out.push(`${where}: context has ${els.length} elements (max ${LIMITS.contextElements})`);
        els.forEach((e, j) => {
          const el = e as Obj;
          if (el?.type === 'mrkdwn' || el?.type === 'plain_text') checkText(el, where, `context element ${j}`, LIMITS.sectionText, out);
        });
        break;
      }
      case 'actions': {
        const els = Array.isArray(b.elements) ? b.elements : [];
        if (els.length === 0) out.push(`${where}: actions has no elements`);
        if (els.length > LIMITS.actionsElements) out.push(`${where}: actions has ${els.length} elements (max ${LIMITS.actionsElements})`);
        const ids = new Set<string>();
        els.forEach((e, j) => {
          const el = (e ?? {}) as Obj;
          checkElement(el, `${where} element ${j}`, out);
          // Slack: action_id must be unique among the action_ids of its containing block.
          if (typeof el.action_id === 'string') {
            if (ids.has(el.action_id)) out.push(`${where} element ${j}: action_id ${el.action_id} repeats within the block`);
            ids.add(el.action_id);
          }
        });
        break;
      }
      case 'divider':
        break;
      default:
        if (typeof b.type !== 'string') out.push(`${where}: block has no type`);
    }
  });
  return out;
}

/** A view (`type` home or modal) as views.publish / open / update take it. */
export interface View {
  type: 'home' | 'modal';
  blocks: unknown[];
  title?: { type: 'plain_text'; text: string };
  submit?: { type: 'plain_text'; text: string };
  close?: { type: 'plain_text'; text: string };
  callback_id?: string;
  private_metadata?: string;
  [key: string]: unknown;
}

/** Every limit a view breaks: the block limits of a message, with a view's 100 blocks, and its own fields. */
export function checkView(view: View): string[] {
  const blocks = Array.isArray(view?.blocks) ? view.blocks : [];
  const out = checkMessage({ text: 'view', blocks: blocks as Message['blocks'] }).filter((v) => !v.startsWith('blocks: '));
  if (!Array.isArray(view?.blocks)) out.push('blocks: not an array');
  if (blocks.length > LIMITS.blocksPerView) out.push(`blocks: ${blocks.length} blocks (max ${LIMITS.blocksPerView} in a view)`);
  if (view?.type === 'modal' && !view.title) out.push('title: a modal needs a title');
  for (const key of ['title', 'submit', 'close'] as const) if (view?.[key] !== undefined) checkText(view[key], key, `${key} text`, LIMITS.viewTitle, out, 'plain_text');
  if (typeof view?.private_metadata === 'string' && view.private_metadata.length > LIMITS.privateMetadata) out.push(`private_metadata: ${view.private_metadata.length} characters (max ${LIMITS.privateMetadata})`);
  if (typeof view?.callback_id === 'string' && view.callback_id.length > LIMITS.callbackId) out.push(`callback_id: ${view.callback_id.length} characters (max ${LIMITS.callbackId})`);
  return out;
}

/** Throws `BlockLimitError` listing every violation; returns the message unchanged when it is fine. */
export function assertMessage<M extends Message>(msg: M): M {
  const v = checkMessage(msg);
  if (v.length) throw new BlockLimitError(v);
  return msg;
}

function checkSection(b: Obj, where: string, out: string[]): void {
  if (b.text === undefined && b.fields === undefined) out.push(`${where}: section needs text or fields`);
  if (b.text !== undefined) checkText(b.text, where, 'section text', LIMITS.sectionText, out);
  if (b.fields !== undefined) {
    const fields = Array.isArray(b.fields) ? b.fields : [];
    if (fields.length > LIMITS.sectionFields) out.push(`${where}: section has ${fields.length} fields (max ${LIMITS.sectionFields})`);
    fields.forEach((f, j) => checkText(f, where, `field ${j}`, LIMITS.sectionFieldText, out));
  }
  if (b.accessory) checkElement(b.accessory as Obj, `${where} accessory`, out);
}

function checkElement(el: Obj, where: string, out: string[]): void {
  if (typeof el.action_id === 'string' && el.action_id.length > LIMITS.actionId) out.push(`${where}: action_id is ${el.action_id.length} characters (max ${LIMITS.actionId})`);
  if (el.type !== 'button') return;
  checkText(el.text, where, 'button text', LIMITS.buttonText, out, 'plain_text');
  if (el.value !== undefined && (typeof el.value !== 'string' || el.value.length > LIMITS.buttonValue)) {
    out.push(`${where}: button value is ${String(el.value).length} characters (max ${LIMITS.buttonValue})`);
  }
  if (typeof el.url === 'string' && el.url.length > LIMITS.buttonUrl) out.push(`${where}: button url is ${el.url.length} characters (max ${LIMITS.buttonUrl})`);
}

function checkText(t: unknown, where: string, what: string, max: number, out: string[], mustBe?: 'plain_text'): void {
  const o = t as Obj | undefined;
  if (!o || typeof o.text !== 'string') {
    out.push(`${where}: ${what} is missing`);
    return;
  }
  if (mustBe && o.type !== mustBe) out.push(`${where}: ${what} must be ${mustBe}, is ${String(o.type)}`);
  // Slack rejects empty text objects ("must be more than 0 characters").
  if (o.text.length === 0) out.push(`${where}: ${what} is empty`);
  if (o.text.length > max) out.push(`${where}: ${what} is ${o.text.length} characters (max ${max})`);
}
