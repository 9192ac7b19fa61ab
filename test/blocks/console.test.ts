import { describe, expect, it } from 'vitest';
import { messageToConsole, mrkdwnToText } from '../../src/blocks/console.ts';
import { searchMessage } from '../../src/blocks/search-message.ts';
import { decodeAction } from '../../src/blocks/actions.ts';
import { helpMessage } from '../../src/blocks/help-message.ts';
import { hits, paper, hit, results } from './fixtures.ts';

describe('mrkdwnToText', () => {
  it('turns links into "text (url)", mentions into @names and decodes entities last', () => {
    expect(mrkdwnToText('*<https://x.org/?a=1&amp;b=2|A &amp; B>* by <@U1> in <#C1|general> &lt;!channel&gt;')).toBe('*A & B (https://x.org/?a=1&b=2)* by @U1 in #general <!channel>');
  });

  it('renders bold as ANSI when asked', () => {
    expect(mrkdwnToText('a *bold* word', true)).toBe('a \x1b[1mbold\x1b[22m word');
  });
});

describe('messageToConsole', () => {
  it('numbers every button across the message in order, with its action id and value', () => {
    const m = searchMessage(results({ hits: hits(2), total: 5 }), { limit: 2 });
    const out = messageToConsole(m);
    expect(out.buttons.map((b) => b.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(out.buttons.map((b) => b.label).slice(0, 4)).toEqual(['Show abstract', 'More like this', 'Share to channel', 'BibTeX']);
    expect(out.buttons[8]).toMatchObject({ label: 'Next results', actionId: 'paper_next', blockId: 'nav' });
    expect(decodeAction(out.buttons[4].value)?.paperId).toBe('p1');
    expect(out.text).toContain('[3] Share to channel');
    expect(out.text).toContain('[9] Next results');
    expect(out.text).toContain('2 of 5 papers for *adversarial*');
  });

  it('shows hostile text literally, not as markup', () => {
    const m = searchMessage(results({ hits: [hit(paper({ title: '<!channel> & co', url: 'https://x.org/p' }))], total: 1 }), { limit: 5 });
    expect(messageToConsole(m).text).toContain('<!channel> & co (https://x.org/p)');
  });

  it('renders headers and falls back to text without blocks', () => {
    expect(messageToConsole(helpMessage()).text.split('\n')[0]).toBe('== paperbot: find papers in the lab library ==');
    expect(messageToConsole({ text: 'plain &amp; simple' })).toEqual({ text: 'plain & simple', buttons: [] });
  });
});
