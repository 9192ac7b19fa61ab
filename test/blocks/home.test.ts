// The App Home and the search modal stay within a view's limits (100 blocks, private_metadata 3000) on hostile data.
import { describe, expect, it } from 'vitest';
import { homeView, searchModalView } from '../../src/blocks/home.ts';
import { checkView } from '../../src/blocks/limits.ts';
import { toBibtexFile } from '../../src/blocks/bibtex-file.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { Subscription } from '../../src/store/subscriptions.ts';

const long = 'x'.repeat(5000);
const paper = (i: number): Paper => ({ id: `p${i}-${long.slice(0, 200)}`, title: `<!channel> *${long}`, authors: Array.from({ length: 50 }, () => long.slice(0, 300)), abstract: long, venue: long, year: 2020, links: [], source: { file: 't' } });
const sub = (i: number): Subscription => ({ id: i, channel: 'C1', creator: 'U1', topic: long.slice(0, 200), time: '09:00', timezone: 'UTC', days: 'daily', count: 3, notifyEmpty: false, status: i % 2 ? 'paused' : 'active', pauseReason: long, createdAt: '' });

describe('views', () => {
  it('a full Home (10 saved, 20 digests, long everything) passes checkView', () => {
    const view = homeView({ saved: Array.from({ length: 10 }, (_, i) => paper(i)), savedTotal: 500, savedOffset: 0, digests: Array.from({ length: 20 }, (_, i) => ({ sub: sub(i), next: long })), library: { papers: 75000, newest: { title: long, at: long }, lastPoll: long } });
    expect(checkView(view)).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('<!channel>');
  });

  it('the modal keeps a 100k-character query within private_metadata', () => {
    const view = searchModalView({ query: long.repeat(20), saved: new Set() });
    expect(checkView(view)).toEqual([]);
  });

  it('checkView catches what Slack refuses', () => {
    const blocks = Array.from({ length: 101 }, (_, i) => ({ type: 'divider', block_id: `d${i}` }));
    expect(checkView({ type: 'home', blocks, private_metadata: 'm'.repeat(3001) })).toEqual(['blocks: 101 blocks (max 100 in a view)', 'private_metadata: 3001 characters (max 3000)']);
  });

  it('the .bib export gives two papers with one cite key different keys', () => {
    const p = { id: 'a', title: 'Towards models', authors: ['A Madry'], abstract: '', year: 2018, links: [], source: { file: 't' } } as Paper;
    const bib = toBibtexFile([p, { ...p, id: 'b' }]);
    expect(bib).toContain('{madry2018towards,');
    expect(bib).toContain('{madry2018towardsb,');
  });
});
