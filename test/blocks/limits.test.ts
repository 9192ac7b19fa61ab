import { describe, expect, it } from 'vitest';
import { assertMessage, BlockLimitError, checkMessage } from '../../src/blocks/limits.ts';
import type { Message } from '../../src/blocks/message.ts';

const ok: Message = { text: 'hi', blocks: [{ type: 'section', block_id: 'a', text: { type: 'mrkdwn', text: 'hi' } }] };
const btn = (over: Record<string, unknown> = {}) => ({ type: 'button', text: { type: 'plain_text', text: 'Go' }, action_id: 'go', value: 'v', ...over });
const bad = (blocks: unknown[], text = 'fallback'): Message => ({ text, blocks: blocks as Message['blocks'] });

describe('checkMessage', () => {
  it('accepts a fine message', () => {
    expect(checkMessage(ok)).toEqual([]);
    expect(assertMessage(ok)).toBe(ok);
  });

  const cases: Array<[string, Message, RegExp]> = [
    ['missing fallback text', { text: '', blocks: ok.blocks }, /fallback text is missing/],
    ['too many blocks', bad(Array.from({ length: 51 }, () => ({ type: 'divider' }))), /51 blocks \(max 50\)/],
    ['long section text', bad([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }]), /section text is 3001 characters \(max 3000\)/],
    ['empty section text', bad([{ type: 'section', text: { type: 'mrkdwn', text: '' } }]), /section text is empty/],
    ['long header', bad([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]), /header text is 151 characters \(max 150\)/],
    ['mrkdwn header', bad([{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }]), /must be plain_text/],
    ['long button text', bad([{ type: 'actions', elements: [btn({ text: { type: 'plain_text', text: 'b'.repeat(76) } })] }]), /button text is 76 characters \(max 75\)/],
    ['long button value', bad([{ type: 'actions', elements: [btn({ value: 'v'.repeat(2001) })] }]), /button value is 2001 characters \(max 2000\)/],
    ['long action_id', bad([{ type: 'actions', elements: [btn({ action_id: 'a'.repeat(256) })] }]), /action_id is 256 characters \(max 255\)/],
    ['repeated action_id in a block', bad([{ type: 'actions', elements: [btn(), btn()] }]), /action_id go repeats/],
    ['long block_id', bad([{ type: 'divider', block_id: 'b'.repeat(256) }]), /block_id is 256 characters \(max 255\)/],
    ['duplicate block_id', bad([{ type: 'divider', block_id: 'd' }, { type: 'divider', block_id: 'd' }]), /block_id is not unique/],
    ['too many context elements', bad([{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }]), /context has 11 elements \(max 10\)/],
    ['too many actions elements', bad([{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => btn({ action_id: `a${i}` })) }]), /actions has 26 elements \(max 25\)/],
    ['too many fields', bad([{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }]), /11 fields \(max 10\)/],
  ];

  for (const [name, msg, expected] of cases) {
    it(`catches ${name}`, () => {
      const v = checkMessage(msg);
      expect(v.some((line) => expected.test(line)), v.join('\n')).toBe(true);
      expect(() => assertMessage(msg)).toThrow(BlockLimitError);
    });
  }

  it('lists every violation in the typed error', () => {
    const msg = bad([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(200) } }, { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(4000) } }], '');
    try {
      assertMessage(msg);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BlockLimitError);
      expect((e as BlockLimitError).code).toBe('block_limits');
      expect((e as BlockLimitError).violations).toHaveLength(3);
    }
  });
});
