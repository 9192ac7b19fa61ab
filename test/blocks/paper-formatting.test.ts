// Every builder on paper data full of mrkdwn formatting: none of it is rendered, in blocks, fallback text or meta lines.
import { describe, expect, it } from 'vitest';
import { abstractMessage, bibtexMessage, digestMessage, searchMessage, sharedCardMessage, similarMessage, type Message } from '../../src/blocks/index.ts';
import { authorsLine } from '../../src/blocks/card.ts';
import { forUsMessage } from '../../src/blocks/lab-feed.ts';
import { neutralizeFormatting } from '../../src/blocks/mrkdwn.ts';
import { titlesText } from '../../src/blocks/page.ts';
import { hit, paper, results } from './fixtures.ts';

/** What a paper's own fields could make Slack render: bold, italics, strike-through, code. */
const FORMATS = ['*bold*', '_it_', '~strike~', '`code`', '_NeurIPS_'];
const styled = (i: number) =>
  paper({
    id: `fmt${i}`,
    title: `Towards *bold* _it_ ~strike~ \`code\` robustness ${i}`,
    authors: ['*Ada* Lovelace', '_Grace_ Hopper', '~Alan~ Turing', 'snake_case_name'],
    abstract: 'An abstract with *bold* and _it_ and ~strike~ in it, about robustness.',
    venue: '_NeurIPS_',
  });
const styledHits = Array.from({ length: 3 }, (_, i) => hit(styled(i), 'about *bold* _it_ robustness', 'robustness'));

const built: Array<[string, Message]> = [
  ['searchMessage', searchMessage(results({ query: 'robustness', hits: styledHits, total: 3 }), { limit: 5, userId: 'U0123ABC' })],
  ['similarMessage', similarMessage(styled(9), results({ query: 'fmt9', hits: styledHits, total: 3 }), { limit: 5 })],
  ['similarMessage (none)', similarMessage(styled(9), results({ query: 'fmt9', hits: [], total: 0 }), { limit: 5 })],
  ['sharedCardMessage', sharedCardMessage(styledHits[0], 'U0123ABC')],
  ['abstractMessage', abstractMessage(styled(1))],
  ['bibtexMessage', { text: bibtexMessage(styled(1)).text }],
  ['digestMessage', digestMessage({ topic: 'robustness', dateLabel: 'Tue 24 Nov', hits: styledHits })],
  ['forUsMessage', forUsMessage({ topic: '', hits: styledHits, why: new Map(), taste: { library: 10, liked: 0, disliked: 0, cold: false }, candidates: 3 })],
];

/** The top-level text and every mrkdwn text object. */
function mrkdwnTexts(msg: Message): string[] {
  const texts: string[] = [msg.text];
  JSON.stringify(msg.blocks ?? [], (_k, v) => {
    if (v && typeof v === 'object' && v.type === 'mrkdwn' && typeof v.text === 'string') texts.push(v.text);
    return v;
  });
  return texts;
}

describe('formatting from paper data is never live', () => {
  for (const [name, msg] of built) {
    it(`${name}: no *bold*, _it_, ~strike~ or \`code\` from the paper in text or blocks`, () => {
      for (const text of mrkdwnTexts(msg)) for (const f of FORMATS) expect(text, `${name}: ${text.slice(0, 120)}`).not.toContain(f);
    });
  }

  it('the fallback text lists the titles, readable, formatting neutralised', () => {
    const text = titlesText(styledHits);
    expect(text).toContain(`1. Towards ${neutralizeFormatting('*bold* _it_ ~strike~ `code`')} robustness 0`);
    for (const f of FORMATS) expect(text).not.toContain(f);
  });

  it('the authors line: names never bold, italic or struck through; snake_case stays as it is', () => {
    const line = authorsLine(['*Ada* Lovelace', '_Grace_ Hopper', '~Alan~ Turing', 'snake_case_name', 'A <b> & C'], 10);
    for (const f of ['*Ada*', '_Grace_', '~Alan~']) expect(line).not.toContain(f);
    expect(line).toContain('snake_case_name');
    expect(line).toContain('A &lt;b&gt; &amp; C');
    expect(line).toMatch(/Lovelace, .*Hopper, .*Turing/);
  });

  it('neutralizeFormatting: edge underscores become look-alikes, inner ones stay', () => {
    expect(neutralizeFormatting('_it_ snake_case _x')).toBe('\u02CDit\u02CD snake_case \u02CDx');
  });
});
