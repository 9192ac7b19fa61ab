import { describe, expect, it } from 'vitest';
import { countPhrase, searchMessage, similarMessage } from '../../src/blocks/search-message.ts';
import { decodeAction } from '../../src/blocks/actions.ts';
import { checkMessage } from '../../src/blocks/limits.ts';
import { hits, paper, results } from './fixtures.ts';

type Any = Record<string, any>;
const blocksOf = (m: { blocks?: unknown[] }) => (m.blocks ?? []) as Any[];
const headText = (m: { blocks?: unknown[] }) => blocksOf(m)[0].text.text as string;
const nextButton = (m: { blocks?: unknown[] }) => blocksOf(m).flatMap((b) => b.elements ?? []).find((e: Any) => e.action_id === 'paper_next');

describe('countPhrase', () => {
  it('pluralises and shows ranges when paging', () => {
    expect(countPhrase(0, 1, 1)).toBe('1 paper');
    expect(countPhrase(0, 3, 3)).toBe('3 papers');
    expect(countPhrase(0, 3, 7)).toBe('3 of 7 papers');
    expect(countPhrase(5, 5, 23)).toBe('6\u201310 of 23 papers');
    expect(countPhrase(22, 1, 23)).toBe('Paper 23 of 23');
    expect(countPhrase(0, 5, 61009)).toBe('5 of 61,009 papers');
    expect(countPhrase(1995, 5, 61009)).toBe('1,996\u20132,000 of 61,009 papers');
  });
});

describe('searchMessage', () => {
  it('heads the page with the count and the bold query, then cards separated by dividers', () => {
    const m = searchMessage(results({ total: 7 }), { limit: 3 });
    expect(headText(m)).toBe('3 of 7 papers for *adversarial*');
    const types = blocksOf(m).map((b) => b.type);
    expect(types.filter((t) => t === 'divider')).toHaveLength(2);
    expect(blocksOf(m).filter((b) => /\.main$/.test(b.block_id))).toHaveLength(3);
    expect(m.text).toContain('Paper number 0');
  });

  it('offers Next results with the next offset only when more remain', () => {
    const m = searchMessage(results({ total: 23, offset: 5, hits: hits(5) }), { limit: 5 });
    expect(headText(m)).toBe('6\u201310 of 23 papers for *adversarial*');
    expect(decodeAction(nextButton(m).value)).toEqual({ surface: 'search', query: 'adversarial', offset: 10, limit: 5 });
    expect(nextButton(searchMessage(results({ total: 3 }), { limit: 5 }))).toBeUndefined();
    expect(nextButton(searchMessage(results({ total: 8, offset: 5 }), { limit: 5 }))).toBeUndefined();
  });

  it('offers Previous results past the first page, going back one page', () => {
    const previous = (m: { blocks?: unknown[] }) => blocksOf(m).flatMap((b) => b.elements ?? []).find((e: Any) => e.action_id === 'paper_previous');
    const page2 = searchMessage(results({ total: 23, offset: 5, hits: hits(5) }), { limit: 5 });
    expect(decodeAction(previous(page2).value)).toEqual({ surface: 'search', query: 'adversarial', offset: 0, limit: 5 });
    expect(previous(searchMessage(results({ total: 23, offset: 0, hits: hits(5) }), { limit: 5 }))).toBeUndefined();
    // The last page has only Previous; a single page has no paging row at all.
    const last = searchMessage(results({ total: 8, offset: 5 }), { limit: 5 });
    expect(previous(last)).toBeDefined();
    expect(blocksOf(searchMessage(results({ total: 3 }), { limit: 5 })).some((b) => b.block_id === 'nav')).toBe(false);
    expect(checkMessage(page2)).toEqual([]);
  });

  it('escapes the query in the header and the fallback text', () => {
    const m = searchMessage(results({ query: '<!channel> & <@U123>' }), { limit: 5 });
    expect(headText(m)).toBe('3 papers for *&lt;!channel&gt; &amp; &lt;@U123&gt;*');
    expect(JSON.stringify(m)).not.toMatch(/<!channel>|<@U123>/);
  });

  it('notes a query that was cut down', () => {
    const m = searchMessage(results({ truncated: true }), { limit: 5 });
    expect(JSON.stringify(blocksOf(m)[1])).toContain('only its beginning was searched');
    expect(JSON.stringify(blocksOf(searchMessage(results(), { limit: 5 }))[1])).not.toContain('beginning');
  });

  it('notes a cut query when nothing matched too (a pasted abstract is the usual long query)', () => {
    const m = searchMessage(results({ hits: [], total: 0, truncated: true }), { limit: 5 });
    expect(headText(m)).toMatch(/^No papers match/);
    expect(JSON.stringify(m.blocks)).toContain('only its beginning was searched');
    expect(checkMessage(m)).toEqual([]);
    expect(JSON.stringify(searchMessage(results({ hits: [], total: 0 }), { limit: 5 }).blocks)).not.toContain('beginning');
  });

  it('expands the asked-for card and keeps that state in the other buttons', () => {
    const m = searchMessage(results(), { limit: 5, expandedId: 'p1' });
    const hide = blocksOf(m).flatMap((b) => b.elements ?? []).filter((e: Any) => e.action_id === 'paper_abstract_hide');
    expect(hide).toHaveLength(1);
    expect(decodeAction(hide[0].value)?.paperId).toBe('p1');
    const show = blocksOf(m).flatMap((b) => b.elements ?? []).find((e: Any) => e.action_id === 'paper_abstract');
    expect(decodeAction(show.value)?.expandedId).toBe('p1');
  });

  it('addresses the asker on a mention surface', () => {
    const m = searchMessage(results(), { limit: 5, surface: 'mention', userId: 'U0ABC' });
    expect(headText(m).startsWith('<@U0ABC> 3 papers')).toBe(true);
    expect(decodeAction(blocksOf(m).find((b) => b.type === 'actions')!.elements[0].value)?.surface).toBe('mention');
  });

  it('says when nothing matched, with suggestion buttons and a hint', () => {
    const m = searchMessage(results({ hits: [], total: 0, query: 'adversrial', suggestions: ['adversarial', 'adversary'] }), { limit: 5 });
    expect(headText(m)).toBe('No papers match *adversrial*.');
    const sugg = blocksOf(m).filter((b) => b.type === 'actions').map((b) => b.elements[0]);
    expect(sugg.map((e: Any) => e.text.text)).toEqual(['adversarial', 'adversary']);
    expect(sugg.every((e: Any) => e.action_id === 'paper_suggest')).toBe(true);
    expect(decodeAction(sugg[0].value)).toEqual({ surface: 'search', query: 'adversarial', offset: 0, limit: 5 });
    expect(JSON.stringify(m)).toContain('/paper help');
    expect(m.text).toContain('Did you mean: adversarial, adversary?');
    expect(checkMessage(m)).toEqual([]);
  });

  it('without suggestions still gives the hint', () => {
    const m = searchMessage(results({ hits: [], total: 0 }), { limit: 5 });
    expect(blocksOf(m).some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(m)).toContain('Try fewer');
  });

  it('says so when paged past the end', () => {
    const m = searchMessage(results({ hits: [], total: 12, offset: 20 }), { limit: 5 });
    expect(headText(m)).toBe('No more results for *adversarial* (12 papers in all).');
  });

  it('stays within limits with a 100k-character query, 60 hits and 20k abstracts', () => {
    const huge = 'adversarial <!channel> & '.repeat(4000);
    const big = hits(60, () => ({ abstract: 'robust '.repeat(3000), title: 'T'.repeat(5000) }));
    const m = searchMessage(results({ query: huge, hits: big, total: 500, truncated: true }), { limit: 60, expandedId: 'p3' });
    expect(checkMessage(m)).toEqual([]);
    expect(blocksOf(m).length).toBeLessThanOrEqual(50);
    expect(headText(m).length).toBeLessThan(400);
    // Capped cards: Next starts right after the last card shown, so nothing is skipped.
    const shown = blocksOf(m).filter((b) => /\.main$/.test(b.block_id)).length;
    expect(shown).toBeLessThan(60);
    expect(decodeAction(nextButton(m).value)?.offset).toBe(shown);
    expect(nextButton(m).value.length).toBeLessThanOrEqual(2000);
  });

  it('caps cards even when all results fit the total', () => {
    const m = searchMessage(results({ hits: hits(60), total: 60 }), { limit: 60 });
    expect(checkMessage(m)).toEqual([]);
    expect(nextButton(m)).toBeDefined();
    expect(headText(m)).toMatch(/^\d+ of 60 papers/);
  });
});

describe('similarMessage', () => {
  it('heads with the source title and pages with likeId in the values', () => {
    const source = paper({ id: 'src', title: 'Source *Paper* <!here>' });
    const m = similarMessage(source, results({ total: 9, query: 'src' }), { limit: 3 });
    expect(headText(m)).toBe('Papers like *Source \u2217Paper\u2217 &lt;!here&gt;* · 3 of 9 papers');
    const next = decodeAction(nextButton(m).value);
    expect(next).toMatchObject({ surface: 'similar', likeId: 'src', offset: 3, limit: 3 });
    expect(checkMessage(m)).toEqual([]);
  });

  it('says when nothing is similar', () => {
    const m = similarMessage(paper(), results({ hits: [], total: 0 }), { limit: 3 });
    expect(headText(m)).toContain('No other papers');
    expect(checkMessage(m)).toEqual([]);
  });
});

describe('a look-up that finds nothing', () => {
  it('says the paper is not in the library instead of offering corrections', () => {
    const msg = searchMessage({ query: '2006.14651', total: 0, offset: 0, hits: [], suggestions: [], lookup: true }, { limit: 5, query: '2006.14651' });
    expect(msg.text).toBe("2006.14651 is not in the lab's library.");
    expect(JSON.stringify(msg.blocks)).not.toContain('No papers match');
    expect(checkMessage(msg)).toEqual([]);
  });
});

describe('a query read through typo tolerance', () => {
  it('says what the results are for, escaped, within the limits', () => {
    const r = results({ hits: hits(2), total: 2, understoodAs: 'robustness <!channel>' });
    const msg = searchMessage(r, { limit: 5, query: 'robustnes <!channel>' });
    const note = JSON.stringify(msg.blocks);
    expect(note).toContain('Showing results for *robustness &lt;!channel&gt;*');
    expect(note).not.toContain('<!channel>');
    expect(checkMessage(msg)).toEqual([]);
    expect(JSON.stringify(searchMessage(results({ hits: hits(2), total: 2 }), { limit: 5, query: 'x' }).blocks)).not.toContain('Showing results for');
  });
});
