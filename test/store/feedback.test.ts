// FeedbackStore on a real SQLite file: one vote per person, the channel's taste, reactions taken back, messages named.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-feedback-'));
  store = openStore(join(dir, 'bot.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (min: number) => new Date(Date.UTC(2026, 10, 30, 9, min));
const key = (userId: string, paperId: string, channel = 'C1', teamId = 'T1') => ({ teamId, channel, userId, paperId });

describe('FeedbackStore', () => {
  it('keeps one vote per person and paper: a later one replaces it; the channel counts each paper by its net votes', async () => {
    const f = store.feedback;
    await f.vote(key('U1', 'p1'), 1, 'button', at(1));
    await f.vote(key('U2', 'p1'), 1, 'reaction', at(2));
    await f.vote(key('U1', 'p2'), 1, 'button', at(3));
    await f.vote(key('U1', 'p2'), -1, 'button', at(4)); // changed their mind
    await f.vote(key('U3', 'p3'), 1, 'button', at(5));
    await f.vote(key('U4', 'p3'), -1, 'button', at(6)); // a tie: neither liked nor disliked
    expect(await f.tally('T1', 'C1', 'p1')).toEqual({ up: 2, down: 0 });
    expect(await f.tally('T1', 'C1', 'p2')).toEqual({ up: 0, down: 1 });
    expect(await f.taste('T1', 'C1')).toEqual({ liked: ['p1'], disliked: ['p2'] });
  });

  it('keeps channels and workspaces apart', async () => {
    await store.feedback.vote(key('U1', 'p1', 'C1', 'T1'), 1, 'button', at(1));
    await store.feedback.vote(key('U1', 'p1', 'C2', 'T1'), -1, 'button', at(1));
    await store.feedback.vote(key('U1', 'p9', 'C1', 'T2'), 1, 'button', at(1));
    expect(await store.feedback.taste('T1', 'C1')).toEqual({ liked: ['p1'], disliked: [] });
    expect(await store.feedback.taste('T1', 'C2')).toEqual({ liked: [], disliked: ['p1'] });
    expect(await store.feedback.taste('T2', 'C1')).toEqual({ liked: ['p9'], disliked: [] });
  });

  it('a removed reaction takes back only the vote that reaction gave', async () => {
    const f = store.feedback;
    await f.vote(key('U1', 'p1'), 1, 'reaction', at(1));
    expect(await f.unvoteReaction(key('U1', 'p1'), -1)).toBe(false); // a 👎 reaction that was never counted
    expect(await f.unvoteReaction(key('U1', 'p1'), 1)).toBe(true);
    expect((await f.taste('T1', 'C1')).liked).toEqual([]);
    await f.vote(key('U1', 'p1'), 1, 'button', at(2));
    expect(await f.unvoteReaction(key('U1', 'p1'), 1)).toBe(false); // the button click stays
    expect((await f.taste('T1', 'C1')).liked).toEqual(['p1']);
  });

  it('names the paper of a one-paper bot message, and survives a reopen', async () => {
    await store.feedback.rememberMessage('T1', 'C1', '1700000000.000100', 'p7', at(1));
    await store.close();
    store = openStore(join(dir, 'bot.db'));
    expect(await store.feedback.paperOfMessage('T1', 'C1', '1700000000.000100')).toBe('p7');
    expect(await store.feedback.paperOfMessage('T1', 'C1', '1700000000.000999')).toBeUndefined();
  });
});
