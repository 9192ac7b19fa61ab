// Reading lists on a real SQLite file: per workspace and person, newest first, and a save as the saver's 👍.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-saved-'));
  store = openStore(join(dir, 'bot.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe('SavedStore', () => {
  it('keeps each person’s list per workspace, newest first, and a second save moves a paper up', async () => {
    const alice = { teamId: 'T1', userId: 'U1' };
    await store.saved.save({ ...alice, paperId: 'p1' }, 'C1', at(1));
    await store.saved.save({ ...alice, paperId: 'p2' }, 'C1', at(2));
    await store.saved.save({ teamId: 'T2', userId: 'U1', paperId: 'p3' }, 'C9', at(3));
    expect((await store.saved.list('T1', 'U1')).map((s) => s.paperId)).toEqual(['p2', 'p1']);
    expect(await store.saved.save({ ...alice, paperId: 'p1' }, 'C2', at(4))).toBe(false);
    expect((await store.saved.list('T1', 'U1')).map((s) => s.paperId)).toEqual(['p1', 'p2']);
    expect((await store.saved.list('T1', 'U1', { offset: 1, limit: 1 })).map((s) => s.paperId)).toEqual(['p2']);
    expect(await store.saved.count('T2', 'U1')).toBe(1);
    expect(await store.saved.remove({ ...alice, paperId: 'p1' })).toBe(true);
    expect(await store.saved.remove({ ...alice, paperId: 'p1' })).toBe(false);
  });

  it('a save counts as the saver’s 👍 in the channel it happened in, unless they voted there themselves', async () => {
    await store.saved.save({ teamId: 'T1', userId: 'U1', paperId: 'p1' }, 'C1', at(1));
    expect((await store.feedback.taste('T1', 'C1')).liked).toEqual(['p1']);
    expect((await store.feedback.taste('T1', 'C2')).liked).toEqual([]);
    await store.feedback.vote({ teamId: 'T1', channel: 'C1', userId: 'U1', paperId: 'p1' }, -1, 'button', at(2));
    expect(await store.feedback.taste('T1', 'C1')).toEqual({ liked: [], disliked: ['p1'] });
  });

  it('the Home lists digests a person runs, and those of channels where they saved', async () => {
    const s = { topic: 'robustness', time: '09:00', timezone: 'UTC', days: 'daily' as const, count: 3, notifyEmpty: false };
    const mine = await store.subscriptions.add('C1', 'U1', s, at(1), 'T1');
    const seen = await store.subscriptions.add('C2', 'U2', s, at(1), 'T1');
    await store.subscriptions.add('C3', 'U2', s, at(1), 'T1');
    expect((await store.homeDigests.visibleTo('T1', 'U1')).map((d) => d.id)).toEqual([mine.id]);
    await store.saved.save({ teamId: 'T1', userId: 'U1', paperId: 'p1' }, 'C2', at(2));
    expect((await store.homeDigests.visibleTo('T1', 'U1')).map((d) => d.id)).toEqual([mine.id, seen.id]);
  });
});
