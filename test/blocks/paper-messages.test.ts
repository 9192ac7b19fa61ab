import { describe, expect, it } from 'vitest';
import { abstractMessage, bibtexMessage, sharedCardMessage } from '../../src/blocks/paper-messages.ts';
import { checkMessage } from '../../src/blocks/limits.ts';
import { decodeAction } from '../../src/blocks/actions.ts';
import { hit, paper } from './fixtures.ts';

type Any = Record<string, any>;

describe('sharedCardMessage', () => {
  it('is the collapsed card with "Shared by" and shared-surface buttons', () => {
    const m = sharedCardMessage(hit(), 'U0123ABC');
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('Shared by <@U0123ABC>');
    expect(json).not.toContain('paper_abstract_hide');
    expect(json).not.toContain('paper_share');
    const btn = (m.blocks as Any[]).find((b) => b.type === 'actions')!.elements[0];
    expect(decodeAction(btn.value)).toMatchObject({ surface: 'shared', paperId: 'madry2018towards' });
    expect(m.text).toContain('shared by <@U0123ABC>');
    expect(checkMessage(m)).toEqual([]);
  });

  it('never turns a bad user id into a mention', () => {
    const m = sharedCardMessage(hit(), '<!channel>');
    expect(JSON.stringify(m)).not.toContain('<!channel>');
  });
});

describe('abstractMessage', () => {
  it('shows title and the whole abstract, split for long ones (20k characters)', () => {
    const m = abstractMessage(paper({ abstract: 'word & more '.repeat(1700) }));
    expect(checkMessage(m)).toEqual([]);
    const sections = (m.blocks as Any[]).filter((b) => /^abs\d+$/.test(b.block_id));
    expect(sections.length).toBeGreaterThan(3);
    expect(sections.every((s) => !s.text.text.endsWith('…'))).toBe(true);
    expect(sections.map((s) => s.text.text).join(' ').split('word').length - 1).toBe(1700);
  });

  it('says when there is no abstract', () => {
    expect(JSON.stringify(abstractMessage(paper({ abstract: '' })))).toContain('No abstract');
  });
});

describe('bibtexMessage', () => {
  it('puts the escaped entry in a code block', () => {
    const m = bibtexMessage(paper({ title: 'A <b> & C' }));
    const text = (m.blocks as Any[])[0].text.text as string;
    expect(text.startsWith('```@inproceedings{madry2018b,')).toBe(true);
    expect(text.endsWith('}```')).toBe(true);
    expect(text).toContain('title = {A &lt;b&gt; \\&amp; C}');
  });

  it('splits an entry with thousands of authors across code blocks within limits', () => {
    const m = bibtexMessage(paper({ authors: Array.from({ length: 3000 }, (_, i) => `Author Number${i}`) }));
    expect(checkMessage(m)).toEqual([]);
    for (const b of m.blocks as Any[]) expect(b.text.text).toMatch(/^```[^]*```$/);
  });
});
