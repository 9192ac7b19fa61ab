import { describe, expect, it } from 'vitest';
import { cardBlocks, type CardOptions } from '../../src/blocks/card.ts';
import { decodeAction } from '../../src/blocks/actions.ts';
import { checkMessage } from '../../src/blocks/limits.ts';
import { hit, paper } from './fixtures.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

const opts: CardOptions = { surface: 'search', query: 'adversarial', offset: 0, limit: 5 };
type Any = Record<string, any>;
const mainText = (blocks: Any[]) => blocks[0].text.text as string;
const buttons = (blocks: Any[]) => blocks.find((b) => b.type === 'actions')?.elements ?? [];
const allText = (blocks: unknown) => JSON.stringify(blocks);

describe('cardBlocks', () => {
  it('shows the linked bold title, three authors then "+N more", venue · year and the marked snippet', () => {
    const text = mainText(cardBlocks(hit(), opts));
    expect(text).toContain('*<https://openreview.net/forum?id=rJzIBfZAb|Towards Deep Learning Models Resistant to Adversarial Attacks>*');
    expect(text).toContain('Aleksander Madry, Aleksandar Makelov, Ludwig Schmidt +2 more');
    expect(text).toContain('ICLR · 2018');
    expect(text).toContain('vulnerable to *adversarial* examples');
  });

  it('never invents a venue or year', () => {
    const text = mainText(cardBlocks(hit(paper({ venue: undefined, year: undefined, authors: ['Solo Author'] })), opts));
    expect(text).toContain('Solo Author');
    expect(text).not.toMatch(/·|undefined|NaN/);
    expect(mainText(cardBlocks(hit(paper({ venue: undefined })), opts))).toMatch(/Tsipras|Schmidt \+2 more  ·  2018/);
  });

  it('links to a title search when the paper has no URL', () => {
    const text = mainText(cardBlocks(hit(paper({ url: undefined, title: 'A & B' })), opts));
    expect(text).toContain('<https://scholar.google.com/scholar?q=A%20%26%20B|A &amp; B>');
  });

  it('escapes hostile titles, authors, venues and snippets', () => {
    const evil = paper({ title: '<!channel> *pwn* | <@U123>', authors: ['<!here>', 'A & B'], venue: '<script>x</script>' });
    const blocks = cardBlocks(hit(evil, '<@U999> says <!everyone> & more adversarial', 'adversarial'), opts);
    const text = allText(blocks);
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<@U999>', '<!everyone>', '<script>']) expect(text).not.toContain(raw);
    expect(mainText(blocks)).toContain('&lt;!channel&gt; \u2217pwn\u2217 \u2223 &lt;@U123&gt;');
    expect(mainText(blocks)).toContain('A &amp; B');
  });

  it('shows code/data links compactly and what matched', () => {
    const ctx = cardBlocks(hit(), opts).find((b: Any) => b.type === 'context') as Any;
    const texts = ctx.elements.map((e: Any) => e.text);
    expect(texts[0]).toBe('<https://github.com/MadryLab/mnist_challenge|code> · <https://zenodo.org/record/1|data>');
    expect(texts[1]).toBe('matched: *adversarial* in title, abstract');
  });

  it('says which word of the paper matched, not what was typed', () => {
    const index = new SearchIndex([paper({ title: 'Robustness certificates', abstract: 'Models that are robust to attacks.' })]);
    const found = index.search('robustnes attacs').hits[0];
    const ctx = cardBlocks(found, opts).find((b: Any) => b.type === 'context') as Any;
    const line = ctx.elements.map((e: Any) => e.text).find((t: string) => t.startsWith('matched:'));
    expect(line).toBe('matched: *robustness* in title, abstract; *attacks* in abstract');
  });

  it('has five buttons whose values carry paper, query and page', () => {
    const b = buttons(cardBlocks(hit(), { ...opts, offset: 10 }));
    expect(b.map((x: Any) => x.text.text)).toEqual(['Show abstract', 'More like this', 'Share to channel', 'BibTeX', 'Save']);
    expect(b.map((x: Any) => x.action_id)).toEqual(['paper_abstract', 'paper_similar', 'paper_share', 'paper_bibtex', 'paper_save']);
    expect(decodeAction(b[0].value)).toEqual({ surface: 'search', query: 'adversarial', offset: 10, limit: 5, paperId: 'madry2018towards' });
  });

  it('saved: the Save button reads "Saved ✓" and takes the paper off again', () => {
    const b = buttons(cardBlocks(hit(), { ...opts, saved: true }));
    expect(b[4]).toMatchObject({ text: { text: 'Saved ✓' }, action_id: 'paper_unsave' });
    expect(decodeAction(b[4].value)?.paperId).toBe('madry2018towards');
  });

  it('expanded: shows the abstract instead of the snippet and offers Hide abstract', () => {
    const blocks = cardBlocks(hit(), { ...opts, expanded: true });
    expect(mainText(blocks)).not.toContain('vulnerable to *adversarial*');
    expect(allText(blocks)).toContain('Recent work has demonstrated');
    const b = buttons(blocks);
    expect(b[0].action_id).toBe('paper_abstract_hide');
    expect(b[0].text.text).toBe('Hide abstract');
    expect(decodeAction(b[0].value)?.expandedId).toBe('madry2018towards');
  });

  it('splits a 20k-character abstract into sections under 3000 characters, cut after three', () => {
    const abstract = 'adversarial robustness & <b> '.repeat(700); // ~20k characters, grows when escaped
    const blocks = cardBlocks(hit(paper({ abstract })), { ...opts, expanded: true });
    const abs = blocks.filter((b: Any) => /\.abs\d$/.test(b.block_id)) as Any[];
    expect(abs).toHaveLength(3);
    for (const s of abs) expect(s.text.text.length).toBeLessThanOrEqual(3000);
    expect(abs[2].text.text.endsWith('…')).toBe(true);
    expect(checkMessage({ text: 'x', blocks })).toEqual([]);
  });

  it('cuts a single huge unbroken abstract word too', () => {
    const blocks = cardBlocks(hit(paper({ abstract: '&'.repeat(10_000) })), { ...opts, expanded: true });
    expect(checkMessage({ text: 'x', blocks })).toEqual([]);
  });

  it('stays within limits for absurd titles, author lists and ids', () => {
    const p = paper({ id: 'i'.repeat(1000), title: 'T&'.repeat(10_000), authors: Array.from({ length: 3000 }, (_, i) => `Author ${i}`), venue: 'V'.repeat(5000) });
    const blocks = cardBlocks(hit(p, 'adversarial '.repeat(5000)), { ...opts, query: 'q'.repeat(100_000) });
    expect(checkMessage({ text: 'x', blocks })).toEqual([]);
    expect(mainText(blocks)).toContain('+2997 more');
  });

  it('fits a long URL and an escape-heavy snippet without cutting a link or an entity', () => {
    const p = paper({ url: `https://x.org/${'a'.repeat(1400)}` });
    const text = mainText(cardBlocks(hit(p, '&<>'.repeat(3000) + ' adversarial', 'adversarial'), opts));
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^\*<https:\/\/x\.org\/a{1400}\|Towards [^>]*>\*\n/);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(text.endsWith('…')).toBe(true);
  });

  it('keeps the links line whole and short when URLs are long', () => {
    const links = Array.from({ length: 10 }, (_, i) => ({ kind: 'code' as const, url: `https://x.org/${i}/${'a'.repeat(900)}` }));
    const ctx = cardBlocks(hit(paper({ links })), opts).find((b: Any) => b.type === 'context') as Any;
    expect(ctx.elements[0].text).toMatch(/^<https:\/\/x\.org\/0\/a+\|code> · <https:\/\/x\.org\/1\/a+\|code 2>$/);
  });

  it('shared cards say who shared them and have no Share button', () => {
    const blocks = cardBlocks(hit(), { ...opts, surface: 'shared', sharedBy: 'U0123ABC' });
    expect(allText(blocks)).toContain('Shared by <@U0123ABC>');
    expect(buttons(blocks).map((x: Any) => x.action_id)).not.toContain('paper_share');
  });

  it('gives deterministic block ids that differ by position', () => {
    const a = cardBlocks(hit(), { ...opts, position: 0 }).map((b: Any) => b.block_id);
    const b = cardBlocks(hit(), { ...opts, position: 1 }).map((b: Any) => b.block_id);
    expect(cardBlocks(hit(), { ...opts, position: 0 }).map((x: Any) => x.block_id)).toEqual(a);
    expect(a.filter((id: string) => b.includes(id))).toEqual([]);
  });

  it('can leave the buttons out', () => {
    expect(buttons(cardBlocks(hit(), { ...opts, showButtons: false }))).toEqual([]);
  });
});

describe('venueYear', () => {
  it('adds the year unless the venue already says it', async () => {
    const { venueYear } = await import('../../src/blocks/card.ts');
    const base = { id: 'p', title: 't', authors: [], abstract: '', links: [], source: { file: 'f' } };
    expect(venueYear({ ...base, venue: 'NeurIPS 2020', year: 2020 })).toBe('NeurIPS 2020');
    expect(venueYear({ ...base, venue: 'NeurIPS', year: 2020 })).toBe('NeurIPS · 2020');
    expect(venueYear({ ...base, venue: 'arXiv 12020', year: 2020 })).toBe('arXiv 12020 · 2020');
    expect(venueYear({ ...base, year: 2019 })).toBe('2019');
  });
});
