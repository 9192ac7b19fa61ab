// Lab-feed digests on a real store: a cold start falls back to the topic (and says so); one 👍 is enough to learn from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestPost } from '../../src/blocks/digest-replies.ts';
import { composeDigest, postInput } from '../../src/digests/compose.ts';
import { LabFeed } from '../../src/library/lab-feed.ts';
import { Library } from '../../src/library/library.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { openStore, type Store, type Subscription } from '../../src/store/index.ts';
import { FEED } from '../e2e/fixtures/lab-feed-papers.ts';
import { TestClock } from './harness.ts';

let dir: string;
let store: Store;
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  id: 1, channel: 'C1', creator: 'U1', topic: '', time: '09:00', timezone: 'UTC', days: 'daily', count: 3, notifyEmpty: true, status: 'active', createdAt: '', rankBy: 'lab', teamId: 'T1', ...over,
});

async function feedOnlyLibrary() {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-labfeed-'));
  store = openStore(join(dir, 'bot.db'));
  const clock = new TestClock(Date.parse('2026-11-24T09:00:00Z'));
  const library = new Library(store.papers, clock);
  await library.open(new SearchIndex([])); // no corpus files: no library
  library.merge(FEED); // papers from a feed
  return { library, labFeed: new LabFeed(library, store.feedback), clock };
}

describe('lab-feed digests', () => {
  it('with no library and no 👍, fall back to the topic, and the post says so', async () => {
    const { library, labFeed, clock } = await feedOnlyLibrary();
    const digest = await composeDigest(sub({ topic: 'backdoor' }), clock.now(), { library, ledger: store.ledger, labFeed });
    expect(digest.taste).toMatchObject({ cold: true, library: 0, liked: 0 });
    expect(digest.hits.map((h) => h.paper.id).every((id) => id.startsWith('b'))).toBe(true);
    const post = JSON.stringify(digestPost(postInput(digest)));
    expect(post).toContain('No library papers or 👍 to learn from yet, so these are the newest matches');
    expect(post).toContain('Daily papers · backdoor');
  });

  it('with no topic either, fall back to the paper of the day', async () => {
    const { library, labFeed, clock } = await feedOnlyLibrary();
    const digest = await composeDigest(sub({ count: 1 }), clock.now(), { library, ledger: store.ledger, labFeed });
    expect(digest.taste?.cold).toBe(true);
    expect(digest.hits).toHaveLength(1);
    expect(JSON.stringify(digestPost(postInput(digest)))).toContain('Paper of the day');
  });

  it("one 👍 is enough: the channel's liked paper becomes the profile, and papers like it come first, with why", async () => {
    const { library, labFeed, clock } = await feedOnlyLibrary();
    await store.feedback.vote({ teamId: 'T1', channel: 'C1', userId: 'U1', paperId: 'r2' }, 1, 'button', clock.now());
    const digest = await composeDigest(sub({ count: 2 }), clock.now(), { library, ledger: store.ledger, labFeed });
    expect(digest.taste).toMatchObject({ cold: false, library: 0, liked: 1 });
    const ids = digest.hits.map((h) => h.paper.id);
    expect(ids).not.toContain('r2');
    expect(ids[0]).toMatch(/^r/);
    expect(digest.why?.get(ids[0])?.likeTitle).toBe(FEED.find((p) => p.id === 'r2')!.title);
    // Another channel of the same workspace has learned nothing.
    expect((await composeDigest(sub({ channel: 'C2' }), clock.now(), { library, ledger: store.ledger, labFeed })).taste?.cold).toBe(true);
  });
});
