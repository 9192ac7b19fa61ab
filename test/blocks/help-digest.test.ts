import { describe, expect, it } from 'vitest';
import { errorMessage, helpMessage } from '../../src/blocks/help-message.ts';
import { digestMessage } from '../../src/blocks/digest-message.ts';
import { checkMessage } from '../../src/blocks/limits.ts';
import { decodeAction } from '../../src/blocks/actions.ts';
import { parseDigestCommand } from '../../src/digests/command-parser.ts';
import { unescapeMrkdwn } from '../../src/blocks/mrkdwn.ts';
import { hits } from './fixtures.ts';

type Any = Record<string, any>;

describe('helpMessage', () => {
  it('lists every query form and the digest commands', () => {
    const m = helpMessage();
    const json = JSON.stringify(m);
    for (const example of ['/paper robustness', '/paper \\"backdoor attacks\\" year:2018-2020', '/paper author:ilyas', '/paper backdoor -spectral', '/paper like 2007.08489', '/paper https://arxiv.org/abs/2007.08489', '@paperbot backdoor attacks', '/paper digest add', '/paper digest list', '/paper digest remove', '/paper digest preview']) {
      expect(json).toContain(example);
    }
    expect(checkMessage(m)).toEqual([]);
  });

  it('names every digest subcommand and add option, with examples the digest parser accepts', () => {
    const digest = (helpMessage().blocks as Any[]).find((b) => b.block_id === 'help.digest')!.text.text as string;
    const commands = [...digest.matchAll(/`([^`]+)`/g)].map((m) => unescapeMrkdwn(m[1]));
    const kinds = new Set<string>();
    const options = new Set<string>();
    for (const c of commands) {
      expect(c.startsWith('/paper digest')).toBe(true);
      // Placeholders filled in as a user would; what comes back must be a real command, never the usage fallback.
      const text = c.replace('/paper digest', '').replace(/<id or topic>|<id>/, '1').replace(/\[id or topic\]/, '').replace('<topic>', 'robustness');
      const cmd = parseDigestCommand(text);
      expect(cmd.kind, c).not.toBe('help');
      kinds.add(cmd.kind);
      if (cmd.kind === 'add') for (const [k, v] of Object.entries(cmd)) if (v !== undefined && v !== false && k !== 'kind' && k !== 'topic') options.add(k === 'days' ? String(v) : k);
    }
    expect([...kinds].sort()).toEqual(['add', 'list', 'preview', 'remove', 'resume']);
    expect([...options].sort()).toEqual(['count', 'daily', 'notifyEmpty', 'rankBy', 'time', 'timezone']);
    // The defaults the parser's caller applies (ADD_DEFAULTS): weekdays, 09:00, 3 papers.
    expect(digest).toMatch(/weekdays at 09:00/);
    expect(digest).not.toMatch(/every day\b(?! instead)/);
  });
});

describe('errorMessage', () => {
  it('escapes and cuts the problem text', () => {
    const m = errorMessage('Slack said <!channel> & ' + 'x'.repeat(5000));
    expect(JSON.stringify(m)).not.toContain('<!channel>');
    expect(checkMessage(m)).toEqual([]);
    expect(errorMessage('').text).toBe('Something went wrong.');
  });
});

describe('digestMessage', () => {
  it('heads with title, topic and date, then cards with digest buttons', () => {
    const m = digestMessage({ topic: 'robustness', dateLabel: 'Tue 24 Nov', hits: hits(3), channel: 'C0123ABC' });
    const blocks = m.blocks as Any[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Daily papers · robustness · Tue 24 Nov' } });
    expect(blocks[1].elements[0].text).toBe('3 new papers on *robustness* for <#C0123ABC>');
    const btn = blocks.find((b) => b.type === 'actions')!.elements[0];
    expect(decodeAction(btn.value)).toMatchObject({ surface: 'digest', query: 'robustness' });
    expect(m.shown).toBe(3);
    expect(checkMessage(m)).toEqual([]);
  });

  it('leaves the topic out of a topic-less digest', () => {
    const m = digestMessage({ topic: '', title: 'Paper of the day', dateLabel: 'Tue 24 Nov', hits: hits(1) });
    const blocks = m.blocks as Any[];
    expect(blocks[0].text.text).toBe('Paper of the day · Tue 24 Nov');
    expect(blocks[1].elements[0].text).toBe('1 new paper');
    expect(checkMessage(m)).toEqual([]);
  });

  it('says when there is nothing new', () => {
    const m = digestMessage({ topic: 'robustness', dateLabel: 'Tue 24 Nov', hits: [] });
    expect(JSON.stringify(m)).toContain('No new papers on *robustness* today.');
    expect(m.shown).toBe(0);
  });

  it('says where new papers come from only for an empty digest ranked by taste', () => {
    const taste = { library: 10, liked: 0, disliked: 0, cold: false };
    const hint = /papers arrive from arXiv \(set ARXIV_CATEGORIES or ARXIV_QUERY\)/;
    expect(JSON.stringify(digestMessage({ topic: '', dateLabel: 'Tue 24 Nov', hits: [], taste, noFeed: true }).blocks)).toMatch(hint);
    // A topic digest searches the library too, so an empty one is just a quiet day; and once feed papers exist, so is a lab one.
    expect(JSON.stringify(digestMessage({ topic: 'robustness', dateLabel: 'Tue 24 Nov', hits: [], noFeed: true }).blocks)).not.toMatch(hint);
    expect(JSON.stringify(digestMessage({ topic: '', dateLabel: 'Tue 24 Nov', hits: [], taste, noFeed: false }).blocks)).not.toMatch(hint);
  });

  it('caps 60 hits and a huge topic within limits and reports how many it showed', () => {
    const m = digestMessage({ topic: 'robust '.repeat(20_000), dateLabel: 'Tue 24 Nov', hits: hits(60), title: 'Weekly <papers>' });
    expect(checkMessage(m)).toEqual([]);
    expect(m.shown).toBeLessThan(60);
    expect(JSON.stringify(m.blocks)).toContain(`${m.shown} of 60 new papers`);
  });
});
