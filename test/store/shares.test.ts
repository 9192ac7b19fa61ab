// Shared paper links on a real SQLite file: one workspace never sees or forgets another's shares.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-shares-'));
  store = openStore(join(dir, 'bot.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const share = (teamId: string, userId: string, paperId: string, min: number) => ({
  teamId,
  channel: 'C1',
  messageTs: `1700000000.${String(min).padStart(6, '0')}`,
  userId,
  paperId,
  url: `https://arxiv.org/abs/${paperId}`,
  at: new Date(Date.UTC(2026, 10, 30, 9, min)),
});

describe('ShareStore', () => {
  it('keeps workspaces apart: list, latest and forget see only their own team', async () => {
    await store.shares.record(share('T1', 'U1', '2007.08489', 1));
    await store.shares.record(share('T2', 'U1', '2007.08489', 2)); // the same user id and paper in another workspace
    await store.shares.record(share('T2', 'U2', '2106.03805', 3));
    expect((await store.shares.list({ teamId: 'T1' })).map((s) => [s.teamId, s.paperId])).toEqual([['T1', '2007.08489']]);
    expect((await store.shares.latest('T1', '2007.08489'))?.at.toISOString()).toBe('2026-11-30T09:01:00.000Z');
    expect(await store.shares.latest('T1', '2106.03805')).toBeUndefined();
    expect(await store.shares.forget('T1', 'U1', '2007.08489')).toHaveLength(1);
    expect((await store.shares.list({ teamId: 'T2' })).map((s) => s.paperId)).toEqual(['2106.03805', '2007.08489']);
  });

  it('records one share per message and paper (a Slack retry is not a second share)', async () => {
    expect(await store.shares.record(share('T1', 'U1', '2007.08489', 1))).toBe(true);
    expect(await store.shares.record(share('T1', 'U1', '2007.08489', 1))).toBe(false);
    expect(await store.shares.list({ teamId: 'T1' })).toHaveLength(1);
  });
});
