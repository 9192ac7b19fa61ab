// The terminal renderer: links, mentions, emoji and emphasis as a person reads them, and wrapping at words.
import { describe, expect, it } from 'vitest';
import { messageToConsole, mrkdwnToText, wrap } from '../../src/blocks/console.ts';
import { searchMessage } from '../../src/blocks/search-message.ts';
import { decodeAction } from '../../src/blocks/actions.ts';
import { helpMessage } from '../../src/blocks/help-message.ts';
import { hits, paper, hit, results } from './fixtures.ts';

const ANSI = /\x1b\[[0-9;]*m/g;
const SCHOLAR = 'https://scholar.google.com/scholar?q=Image%20Synthesis%20with%20a%20Single%20(Robust)%20Classifier';
const CONSOLE_NAMES = { UCONSOLE: 'you', CCONSOLE: 'this console' };

describe('mrkdwnToText', () => {
  it('shows a link as its label and short URL, mentions as @names, and decodes entities last', () => {
    expect(mrkdwnToText('*<https://x.org/?a=1&amp;b=2|A &amp; B>* by <@U1> in <#C1|general> &lt;!channel&gt;')).toBe('*A & B (x.org/?a=1&b=2)* by @U1 in #general <!channel>');
    expect(mrkdwnToText('<https://github.com/MadryLab/robustness/>')).toBe('github.com/MadryLab/robustness');
    expect(mrkdwnToText('<mailto:lab@x.org|lab@x.org>')).toBe('lab@x.org');
  });

  it('shortens a long or URL-encoded link to its host, so the label is not buried', () => {
    expect(mrkdwnToText(`<${SCHOLAR}|Image Synthesis with a Single (Robust) Classifier>`)).toBe('Image Synthesis with a Single (Robust) Classifier (scholar.google.com/…)');
    expect(mrkdwnToText(`<https://example.org/${'a'.repeat(70)}|long>`)).toBe('long (example.org/…)');
  });

  it("names the console's own ids: you, this console; an address at the start keeps its @", () => {
    expect(mrkdwnToText('<@UCONSOLE> 2 papers for *x*', { names: CONSOLE_NAMES })).toBe('@you 2 papers for *x*');
    expect(mrkdwnToText('Shared by <@UCONSOLE> in <#CCONSOLE>\n<@UCONSOLE|bob> hi', { names: CONSOLE_NAMES })).toBe('Shared by you in this console\n@you hi');
    expect(mrkdwnToText('<@U999> and <#C999>', { names: CONSOLE_NAMES })).toBe('@U999 and #C999');
  });

  it('shows the emoji names the bot uses as emoji, and leaves other colons alone', () => {
    expect(mrkdwnToText(':warning: at 09:30:00 :not_an_emoji_we_know:')).toBe('⚠️ at 09:30:00 :not_an_emoji_we_know:');
    expect(mrkdwnToText('<https://x.org/:warning:/|l>')).toBe('l (x.org/:warning:)');
  });

  it('shows *bold* and _italic_ as ANSI, as plain words, or as marks', () => {
    const s = 'a *bold* and _italic_ word, snake_case_name and 2*3*4';
    expect(mrkdwnToText(s, { emphasis: 'ansi' })).toBe('a \x1b[1mbold\x1b[22m and \x1b[3mitalic\x1b[23m word, snake_case_name and 2*3*4');
    expect(mrkdwnToText(s, { emphasis: 'plain' })).toBe('a bold and italic word, snake_case_name and 2*3*4');
    expect(mrkdwnToText(s)).toBe(s);
  });
});

describe('wrap', () => {
  it('breaks at spaces to the width, keeps the indent, and never cuts a word', () => {
    expect(wrap('  one two three four five', 12)).toBe('  one two\n  three four\n  five');
    expect(wrap(`see ${'x'.repeat(30)} now`, 10)).toBe(`see\n${'x'.repeat(30)}\nnow`);
    expect(wrap('short\nlines stay', 80)).toBe('short\nlines stay');
  });

  it('does not count ANSI escapes, and counts an emoji as two columns', () => {
    expect(wrap('\x1b[1mbold\x1b[22m word', 9)).toBe('\x1b[1mbold\x1b[22m word');
    expect(wrap('⚠️ abcdef', 8)).toBe('⚠️\nabcdef');
  });
});

describe('messageToConsole', () => {
  it('numbers every button across the message in order, with its action id and value', () => {
    const m = searchMessage(results({ hits: hits(2), total: 5 }), { limit: 2 });
    const out = messageToConsole(m);
    expect(out.buttons.map((b) => b.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(out.buttons.map((b) => b.label).slice(0, 4)).toEqual(['Show abstract', 'More like this', 'Share to channel', 'BibTeX']);
    expect(out.buttons[4]).toMatchObject({ label: 'Save', actionId: 'paper_save' });
    expect(out.buttons[10]).toMatchObject({ label: 'Next results', actionId: 'paper_next', blockId: 'nav' });
    expect(decodeAction(out.buttons[5].value)?.paperId).toBe('p1');
    expect(out.text).toContain('[3] Share to channel');
    expect(out.text).toContain('[11] Next results');
    expect(out.text).toContain('2 of 5 papers for *adversarial*');
  });

  it('shows hostile text literally, not as markup', () => {
    const m = searchMessage(results({ hits: [hit(paper({ title: '<!channel> & co', url: 'https://x.org/p' }))], total: 1 }), { limit: 5 });
    expect(messageToConsole(m).text).toContain('<!channel> & co (x.org/p)');
  });

  it('renders headers and falls back to text without blocks', () => {
    expect(messageToConsole(helpMessage()).text.split('\n')[0]).toBe('== paperbot: find papers in the lab library ==');
    expect(messageToConsole({ text: 'plain &amp; simple' })).toEqual({ text: 'plain & simple', buttons: [] });
    expect(messageToConsole({ text: ':warning: *No* luck' }, { emphasis: 'plain' }).text).toBe('⚠️ No luck');
  });

  it('fits a width at word breaks, keeping each button whole', () => {
    const long = 'adversarial robustness '.repeat(12);
    const m = searchMessage(results({ hits: [hit(paper({ title: long, url: SCHOLAR }), long, 'adversarial')], total: 1 }), { limit: 5 });
    const { text } = messageToConsole(m, { width: 40, emphasis: 'ansi' });
    const lines = text.replace(ANSI, '').split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(40);
    expect(lines.some((l) => l.startsWith('[1] Show abstract'))).toBe(true);
    expect(lines).toContain('[3] Share to channel  [4] BibTeX');
    expect(text).not.toContain('%20');
    expect(text.replace(ANSI, '').replace(/\s+/g, ' ')).toContain(`${long.trim()} (scholar.google.com/…)`);
  });

  it('leaves buttons out when they cannot be pressed', () => {
    const m = searchMessage(results({ hits: hits(2), total: 2 }), { limit: 2 });
    const out = messageToConsole(m, { buttons: false });
    expect(out.buttons).toEqual([]);
    expect(out.text).not.toMatch(/\[\d+\]/);
  });
});
