// `/paper like` usage and "no such title": escaped, within Block Kit limits, whatever the title or typed words.
import { describe, expect, it } from 'vitest';
import { likeUsageMessage, noTitleMatchMessage } from '../../src/blocks/like-messages.ts';
import { checkMessage } from '../../src/blocks/limits.ts';
import type { Message } from '../../src/blocks/message.ts';

const EVIL = '<!channel> <@U999EVIL> <https://evil.example|click> & `code` *bold* ';

/** Every `<` or `>` that reached a mrkdwn text unescaped (Slack would read it as markup). */
function rawAngles(m: Message): string[] {
  const texts = [m.text];
  JSON.stringify(m.blocks, (_k, v) => {
    if (v && typeof v === 'object' && v.type === 'mrkdwn') texts.push(v.text);
    return v;
  });
  return texts.flatMap((t) => t.match(/[<>]/g) ?? []);
}

describe('likeUsageMessage', () => {
  it('gives the form and the examples it is handed', () => {
    const m = likeUsageMessage({ title: 'Spectral Signatures in Backdoor Attacks', arxivId: '2202.00622' });
    const text = (m.blocks![0] as { text: { text: string } }).text.text;
    expect(text).toContain('`/paper like &lt;arXiv id, DOI or paper title&gt;`');
    expect(text).toContain('`/paper like Spectral Signatures in Backdoor Attacks`');
    expect(text).toContain('`/paper like 2202.00622`');
    expect(likeUsageMessage({}).text).toBe('Papers like one you know: /paper like &lt;arXiv id, DOI or paper title&gt;');
  });

  it('stays escaped and within limits for a hostile or huge title', () => {
    const m = likeUsageMessage({ title: EVIL.repeat(2000) });
    expect(checkMessage(m)).toEqual([]);
    expect(rawAngles(m)).toEqual([]);
    // A backtick in the title would end the code span early.
    expect((m.blocks![0] as { text: { text: string } }).text.text.match(/`/g)!.length % 2).toBe(0);
  });
});

describe('noTitleMatchMessage', () => {
  it('says no title matched and offers the search', () => {
    const m = noTitleMatchMessage('robust imagenet transfer');
    expect(m.text).toBe('No paper in the library has the title robust imagenet transfer.');
    expect(JSON.stringify(m.blocks)).toContain('`/paper robust imagenet transfer`');
  });

  it('stays escaped and within limits for hostile or huge words', () => {
    const m = noTitleMatchMessage(EVIL.repeat(5000));
    expect(checkMessage(m)).toEqual([]);
    expect(rawAngles(m)).toEqual([]);
  });
});
