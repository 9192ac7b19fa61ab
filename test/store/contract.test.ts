// The store contract (src/store/types.ts), written once and run against both implementations: SQLite and PostgreSQL.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.ts';
import { at, capturedLog, IMPLEMENTATIONS, paper, settings, type Backend } from './contract-support.ts';

for (const impl of IMPLEMENTATIONS) {
  impl.describe(`store contract on ${impl.name}`, () => {
    let backend: Backend;
    let store: Store;
    beforeEach(async () => {
      backend = await impl.fresh();
      store = await backend.open();
    });
    afterEach(async () => {
      await backend.dispose();
    });

    it('says what it is and where, and closes twice without error', async () => {
      expect(store.kind).toBe(impl.name);
      expect(store.location).not.toBe('');
      const other = await backend.open();
      await other.close();
      await other.close();
    });

    it('adds, reads, lists, pauses, resumes and removes subscriptions', async () => {
      const a = await store.subscriptions.add('C1', 'U1', settings({ notifyEmpty: true, rankBy: 'lab' }), at(0), 'T1');
      expect(a).toMatchObject({ channel: 'C1', creator: 'U1', topic: 'graph neural networks', time: '09:00', timezone: 'Europe/Paris', days: 'weekdays', count: 3 });
      expect(a).toMatchObject({ notifyEmpty: true, rankBy: 'lab', teamId: 'T1', status: 'active', createdAt: at(0).toISOString() });
      expect(a.pauseReason).toBeUndefined();
      const b = await store.subscriptions.add('C1', 'U2', settings({ topic: '' }), at(1), 'T1');
      expect(await store.subscriptions.get(a.id)).toEqual(a);
      expect((await store.subscriptions.inChannel('T1', 'C1')).map((s) => s.id)).toEqual([a.id, b.id]);
      expect(await store.subscriptions.pause(a.id, 'not_in_channel')).toBe(true);
      expect(await store.subscriptions.get(a.id)).toMatchObject({ status: 'paused', pauseReason: 'not_in_channel' });
      expect((await store.subscriptions.active()).map((s) => s.id)).toEqual([b.id]);
      expect(await store.subscriptions.resume(a.id)).toBe(true);
      expect((await store.subscriptions.get(a.id))?.pauseReason).toBeUndefined();
      expect(await store.subscriptions.remove(a.id)).toBe(true);
      expect(await store.subscriptions.remove(a.id)).toBe(false);
      expect(await store.subscriptions.get(a.id)).toBeUndefined();
    });

    it('keeps a workspace to its own digests: an id from A is not found, removed or paused from B', async () => {
      const a = await store.subscriptions.add('C1', 'U1', settings(), at(0), 'TA');
      const shared = await store.subscriptions.add('C9', 'U1', settings(), at(0), '');
      expect(await store.subscriptions.get(a.id, 'TB')).toBeUndefined();
      expect(await store.subscriptions.remove(a.id, 'TB')).toBe(false);
      expect(await store.subscriptions.pause(a.id, 'x', 'TB')).toBe(false);
      expect(await store.homeDigests.pause(a.id, 'U2', 'TB')).toBe(false);
      expect(await store.subscriptions.get(a.id, 'TA')).toMatchObject({ id: a.id, status: 'active' });
      expect(await store.subscriptions.inChannel('TB', 'C1')).toEqual([]);
      expect(await store.subscriptions.get(shared.id, 'TB')).toBeUndefined(); // an untagged row is no workspace's
      expect((await store.subscriptions.get(shared.id))?.id).toBe(shared.id); // (internal reads see every row)
      expect(await store.subscriptions.pause(a.id, 'x', 'TA')).toBe(true);
      expect(await store.subscriptions.resume(a.id, 'TB')).toBe(false);
      expect(await store.subscriptions.remove(a.id, 'TA')).toBe(true);
    });

    it('adopts untagged rows for the one workspace of a token (adoptTeam); the workspace\'s own copy wins', async () => {
      const old = await store.subscriptions.add('C1', 'U1', settings(), at(0), '');
      await store.ledger.reserve({ teamId: '', channel: 'C1' }, ['p1', 'p2'], old.id, at(0));
      await store.ledger.reserve({ teamId: 'TA', channel: 'C1' }, ['p2'], old.id, at(1)); // already the workspace's
      await store.feedback.vote({ teamId: '', channel: 'C1', userId: 'U1', paperId: 'p1' }, 1, 'button', at(0));
      await store.saved.save({ teamId: '', userId: 'U1', paperId: 'p1' }, 'C1', at(0));
      expect(await store.subscriptions.get(old.id, 'TA')).toBeUndefined();
      expect(await store.adoptTeam('TA')).toBe(4); // the subscription, p1 in the ledger, the vote, the save
      expect((await store.subscriptions.get(old.id, 'TA'))?.teamId).toBe('TA');
      expect(await store.ledger.postedIn({ teamId: 'TA', channel: 'C1' })).toEqual(new Set(['p1', 'p2']));
      expect(await store.ledger.postedIn({ teamId: '', channel: 'C1' })).toEqual(new Set());
      expect((await store.feedback.taste('TA', 'C1')).liked).toEqual(['p1']);
      expect(await store.saved.ids('TA', 'U1')).toEqual(new Set(['p1']));
      expect(await store.adoptTeam('TB')).toBe(0); // nothing left untagged for another workspace
      expect(await store.subscriptions.get(old.id, 'TB')).toBeUndefined();
    });

    it("pauses a workspace's active digests only (pauseTeam), returning how many", async () => {
      const a1 = await store.subscriptions.add('C1', 'U1', settings(), at(0), 'TA');
      const a2 = await store.subscriptions.add('C2', 'U1', settings(), at(0), 'TA');
      const b = await store.subscriptions.add('C1', 'U1', settings(), at(0), 'TB');
      const none = await store.subscriptions.add('C1', 'U1', settings(), at(0), '');
      await store.subscriptions.pause(a2.id, 'earlier');
      expect(await store.subscriptions.pauseTeam('TA', 'tokens_revoked')).toBe(1);
      expect(await store.subscriptions.get(a1.id)).toMatchObject({ status: 'paused', pauseReason: 'tokens_revoked' });
      expect((await store.subscriptions.get(a2.id))?.pauseReason).toBe('earlier');
      expect((await store.subscriptions.active()).map((s) => s.id)).toEqual([b.id, none.id]);
    });

    it("lists on a person's Home the digests they run first, then those of channels they saved or voted in", async () => {
      const other = await store.subscriptions.add('C1', 'U9', settings(), at(0), 'T1');
      const mine = await store.subscriptions.add('C2', 'U1', settings(), at(0), 'T1');
      const voted = await store.subscriptions.add('C3', 'U9', settings(), at(0), 'T1');
      await store.subscriptions.add('C4', 'U1', settings(), at(0), 'T2');
      await store.saved.save({ teamId: 'T1', userId: 'U1', paperId: 'p1' }, 'C1', at(1));
      await store.feedback.vote({ teamId: 'T1', channel: 'C3', userId: 'U1', paperId: 'p2' }, 1, 'button', at(1));
      expect((await store.homeDigests.visibleTo('T1', 'U1')).map((s) => s.id)).toEqual([mine.id, other.id, voted.id]);
      expect(await store.homeDigests.pause(voted.id, 'U1', 'T1')).toBe(true);
      expect(await store.subscriptions.get(voted.id)).toMatchObject({ status: 'paused', pauseReason: 'paused_by_U1' });
    });

    it('claims a run once: a second claim, from this or another connection, is refused', async () => {
      const s = await store.subscriptions.add('C1', 'U1', settings(), at(0));
      expect(await store.runs.claim(s.id, '2026-01-05', 'host:1', at(0))).toBe(true);
      expect(await store.runs.claim(s.id, '2026-01-05', 'host:2', at(1))).toBe(false);
      const other = await backend.open();
      expect(await other.runs.claim(s.id, '2026-01-05', 'host:3', at(2))).toBe(false);
      expect(await store.runs.get(s.id, '2026-01-05')).toMatchObject({ status: 'claimed', claimedBy: 'host:1', claimedAt: at(0).toISOString(), retryable: false });
      expect(await store.runs.claim(s.id, '2026-01-06', 'host:2', at(1))).toBe(true);
    });

    it('gives each run to exactly one of two connections claiming at the same moment', async () => {
      const other = await backend.open();
      const s = await store.subscriptions.add('C1', 'U1', settings(), at(0));
      const days = Array.from({ length: 20 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`);
      const results = await Promise.all(days.map((d) => Promise.all([store.runs.claim(s.id, d, 'A', at(0)), other.runs.claim(s.id, d, 'B', at(0))])));
      for (const [i, [a, b]] of results.entries()) {
        expect(a !== b, `${days[i]}: A ${a}, B ${b}`).toBe(true);
        expect((await store.runs.get(s.id, days[i]))?.claimedBy).toBe(a ? 'A' : 'B');
      }
    });

    it('never claims a run for a paused or removed subscription', async () => {
      const s = await store.subscriptions.add('C1', 'U1', settings(), at(0));
      await store.subscriptions.pause(s.id, 'x');
      expect(await store.runs.claim(s.id, '2026-01-05', 'h', at(0))).toBe(false);
      await store.subscriptions.remove(s.id);
      expect(await store.runs.claim(s.id, '2026-01-05', 'h', at(0))).toBe(false);
      expect(await store.runs.get(s.id, '2026-01-05')).toBeUndefined();
    });

    it('takes over a retryable failure once its retry_at has come, and never a sent or non-retryable run', async () => {
      const s = await store.subscriptions.add('C1', 'U1', settings(), at(0));
      await store.runs.claim(s.id, 'd1', 'h1', at(0));
      await store.runs.markFailed(s.id, 'd1', 'ratelimited', true, at(1), at(10));
      expect(await store.runs.get(s.id, 'd1')).toMatchObject({ status: 'failed', retryable: true, error: 'ratelimited', retryAt: at(10).toISOString() });
      expect(await store.runs.claim(s.id, 'd1', 'h2', at(9))).toBe(false);
      expect(await store.runs.claim(s.id, 'd1', 'h2', at(10))).toBe(true);
      expect(await store.runs.get(s.id, 'd1')).toMatchObject({ status: 'claimed', claimedBy: 'h2', retryable: false });
      expect((await store.runs.get(s.id, 'd1'))?.retryAt).toBeUndefined();

      await store.runs.claim(s.id, 'd2', 'h1', at(0));
      await store.runs.markFailed(s.id, 'd2', 'channel_not_found', false, at(1), at(2));
      expect((await store.runs.get(s.id, 'd2'))?.retryAt).toBeUndefined();
      expect(await store.runs.claim(s.id, 'd2', 'h2', at(100))).toBe(false);

      await store.runs.claim(s.id, 'd3', 'h1', at(0));
      await store.runs.markSent({ subscriptionId: s.id, localDate: 'd3', teamId: '', channel: 'C1' }, [], '1.1', at(1));
      expect(await store.runs.claim(s.id, 'd3', 'h2', at(100))).toBe(false);
    });

    it('marks a run sent with its ledger rows (markSent), and interrupted only for its claimer', async () => {
      const s = await store.subscriptions.add('C1', 'U1', settings(), at(0), 'T1');
      await store.runs.claim(s.id, 'd1', 'me', at(0));
      await store.runs.markSent({ subscriptionId: s.id, localDate: 'd1', teamId: 'T1', channel: 'C1' }, ['p1', 'p2'], '111.222', at(1));
      expect(await store.runs.get(s.id, 'd1')).toMatchObject({ status: 'sent', messageTs: '111.222', paperCount: 2, finishedAt: at(1).toISOString() });
      expect(await store.ledger.postedIn({ teamId: 'T1', channel: 'C1' })).toEqual(new Set(['p1', 'p2']));
      expect(await store.ledger.postedIn({ teamId: 'T2', channel: 'C1' })).toEqual(new Set());
      expect(await store.runs.markInterrupted(s.id, 'd1', 'me', at(2))).toBe(false);

      await store.runs.claim(s.id, 'd2', 'me', at(0));
      expect(await store.runs.markInterrupted(s.id, 'd2', 'someone-else', at(2))).toBe(false);
      expect(await store.runs.markInterrupted(s.id, 'd2', 'me', at(2))).toBe(true);
      expect(await store.runs.get(s.id, 'd2')).toMatchObject({ status: 'failed', retryable: false });
    });

    it('abandons runs still claimed before a time, returning them, and leaves newer claims alone', async () => {
      const s = await store.subscriptions.add('C1', 'U1', settings(), at(0));
      await store.runs.claim(s.id, 'old', 'dead', at(0));
      await store.runs.claim(s.id, 'new', 'alive', at(30));
      const stale = await store.runs.abandonStale(at(20), at(40));
      expect(stale.map((r) => [r.subscriptionId, r.localDate, r.claimedBy])).toEqual([[s.id, 'old', 'dead']]);
      expect(await store.runs.get(s.id, 'old')).toMatchObject({ status: 'failed', retryable: false, finishedAt: at(40).toISOString() });
      expect((await store.runs.get(s.id, 'new'))?.status).toBe('claimed');
      expect(await store.runs.abandonStale(at(20), at(41))).toEqual([]);
    });

    it('deletes a removed subscription\'s runs but keeps its channel\'s ledger', async () => {
      const s = await store.subscriptions.add('C1', 'U1', settings(), at(0));
      await store.runs.claim(s.id, 'd1', 'h', at(0));
      await store.ledger.reserve({ teamId: '', channel: 'C1' }, ['p1'], s.id, at(0));
      await store.subscriptions.remove(s.id);
      expect(await store.runs.get(s.id, 'd1')).toBeUndefined();
      expect(await store.ledger.postedIn({ teamId: '', channel: 'C1' })).toEqual(new Set(['p1']));
    });

    it('reserves papers all or none: any taken id writes nothing and is named', async () => {
      const ch = { teamId: 'T1', channel: 'C1' };
      expect(await store.ledger.reserve(ch, ['p1', 'p2'], 1, at(0))).toEqual({ taken: [] });
      expect(await store.ledger.reserve(ch, ['p3', 'p2', 'p4'], 2, at(1))).toEqual({ taken: ['p2'] });
      expect(await store.ledger.postedIn(ch)).toEqual(new Set(['p1', 'p2']));
      expect(await store.ledger.reserve({ teamId: 'T2', channel: 'C1' }, ['p1'], 3, at(1))).toEqual({ taken: [] }); // another workspace's C1
      expect(await store.ledger.reserve(ch, ['p3', 'p4'], 2, at(2))).toEqual({ taken: [] });
      expect(await store.ledger.reserve(ch, [], 2, at(2))).toEqual({ taken: [] });
    });

    it('gives overlapping reservations made at the same moment by two connections to exactly one', async () => {
      const other = await backend.open();
      for (let round = 0; round < 10; round++) {
        const ch = { teamId: 'T1', channel: `C${round}` };
        const [a, b] = await Promise.all([store.ledger.reserve(ch, ['x', 'y', 'z'], 1, at(0)), other.ledger.reserve(ch, ['z', 'w', 'x'], 2, at(0))]);
        expect([a.taken.length === 0, b.taken.length === 0].filter(Boolean), `round ${round}: ${JSON.stringify([a, b])}`).toHaveLength(1);
        const winner = a.taken.length === 0 ? ['x', 'y', 'z'] : ['z', 'w', 'x'];
        expect(await store.ledger.postedIn(ch)).toEqual(new Set(winner));
        expect(new Set(a.taken.length ? a.taken : b.taken)).toEqual(new Set(['x', 'z']));
      }
    });

    it("releases only the given subscription's reservation", async () => {
      const ch = { teamId: '', channel: 'C1' };
      await store.ledger.reserve(ch, ['p1', 'p2'], 1, at(0));
      await store.ledger.reserve(ch, ['p3'], 2, at(0));
      await store.ledger.release(ch, ['p1', 'p3'], 1);
      expect(await store.ledger.postedIn(ch)).toEqual(new Set(['p2', 'p3']));
      expect(await store.ledger.reserve(ch, ['p1'], 2, at(1))).toEqual({ taken: [] });
    });

    it('stores fetched papers once and reads them back in order, and by cursor only what is new', async () => {
      expect((await store.papers.saveFetched([paper('b'), paper('a')], 'arxiv', at(0))).map((p) => p.id)).toEqual(['b', 'a']);
      expect((await store.papers.saveFetched([paper('a'), paper('c'), paper('c')], 'links', at(1))).map((p) => p.id)).toEqual(['c']);
      expect(await store.papers.saveFetched([], 'arxiv', at(1))).toEqual([]);
      const all = await store.papers.loadFetched();
      expect(all.papers.map((p) => p.id)).toEqual(['a', 'b', 'c']);
      expect(all.papers[0]).toEqual(paper('a'));
      expect((await store.papers.loadFetched('links')).papers.map((p) => p.id)).toEqual(['c']);

      const first = await store.papers.fetchedAfter(0);
      expect(first.papers.map((p) => p.id)).toEqual(['b', 'a', 'c']);
      expect(first.skipped).toBe(0);
      expect(typeof first.cursor).toBe('number');
      expect(await store.papers.fetchedAfter(first.cursor)).toEqual({ papers: [], skipped: 0, cursor: first.cursor });
      const other = await backend.open();
      await other.papers.saveFetched([paper('d')], 'arxiv', at(2));
      const next = await store.papers.fetchedAfter(first.cursor);
      expect(next.papers.map((p) => p.id)).toEqual(['d']);
      expect(next.cursor).toBeGreaterThan(first.cursor);
    });

    it('records first-seen times once and feed polls (a failed poll keeps the last success)', async () => {
      expect(await store.papers.markSeen(['a', 'b'], at(0))).toBe(2);
      expect(await store.papers.markSeen(['b', 'c'], at(5))).toBe(1);
      expect(await store.papers.firstSeen({ after: '', limit: 10 })).toEqual(new Map([['a', at(0).toISOString()], ['b', at(0).toISOString()], ['c', at(5).toISOString()]]));
      // In pages, in id order, each after the last id of the one before.
      await store.papers.markSeen(['e', 'd'], at(6));
      const first = await store.papers.firstSeen({ after: '', limit: 2 });
      expect([...first.keys()]).toEqual(['a', 'b']);
      const second = await store.papers.firstSeen({ after: 'b', limit: 2 });
      expect(second).toEqual(new Map([['c', at(5).toISOString()], ['d', at(6).toISOString()]]));
      expect([...(await store.papers.firstSeen({ after: 'd', limit: 2 })).keys()]).toEqual(['e']);
      expect(await store.papers.lastPolled('arxiv')).toBeUndefined();
      await store.papers.recordPoll('arxiv', at(1));
      await store.papers.recordPoll('arxiv', at(2), 'HTTP 503');
      expect(await store.papers.lastPolled('arxiv')).toEqual(at(1));
      await store.papers.recordPoll('arxiv', at(3));
      expect(await store.papers.lastPolled('arxiv')).toEqual(at(3));
    });

    it('counts votes per channel, replaces a person\'s vote, and takes back only the reaction or share vote named', async () => {
      const key = (userId: string, paperId = 'p1') => ({ teamId: 'T1', channel: 'C1', userId, paperId });
      await store.feedback.vote(key('U1'), 1, 'button', at(0));
      await store.feedback.vote(key('U2'), -1, 'reaction', at(1));
      await store.feedback.vote(key('U3'), 1, 'reaction', at(1));
      await store.feedback.vote({ ...key('U4'), channel: 'C2' }, 1, 'button', at(1));
      expect(await store.feedback.tally('T1', 'C1', 'p1')).toEqual({ up: 2, down: 1 });
      expect(await store.feedback.tally('T1', 'C1', 'nothing')).toEqual({ up: 0, down: 0 });
      await store.feedback.vote(key('U3'), -1, 'button', at(2)); // replaces U3's 👍 reaction
      expect(await store.feedback.unvoteReaction(key('U3'), 1)).toBe(false);
      expect(await store.feedback.tally('T1', 'C1', 'p1')).toEqual({ up: 1, down: 2 });
      expect(await store.feedback.unvoteReaction(key('U2'), 1)).toBe(false);
      expect(await store.feedback.unvoteReaction(key('U2'), -1)).toBe(true);
      await store.feedback.vote(key('U5'), 1, 'share', at(3));
      expect(await store.feedback.unvoteShare(key('U1'))).toBe(false);
      expect(await store.feedback.unvoteShare(key('U5'))).toBe(true);
      expect(await store.feedback.tally('T1', 'C1', 'p1')).toEqual({ up: 1, down: 1 });
    });

    it("sums a channel's taste per paper, newest first, a save from the channel counting as a 👍 unless the saver voted", async () => {
      const vote = (userId: string, paperId: string, v: 1 | -1, m: number) => store.feedback.vote({ teamId: 'T1', channel: 'C1', userId, paperId }, v, 'button', at(m));
      await vote('U1', 'liked-old', 1, 0);
      await vote('U1', 'tie', 1, 1);
      await vote('U2', 'tie', -1, 2);
      await vote('U1', 'disliked', -1, 3);
      await vote('U2', 'liked-new', 1, 4);
      await store.saved.save({ teamId: 'T1', userId: 'U3', paperId: 'saved' }, 'C1', at(5));
      await store.saved.save({ teamId: 'T1', userId: 'U1', paperId: 'disliked' }, 'C1', at(6)); // U1 voted 👎 here: the save does not count
      await store.saved.save({ teamId: 'T1', userId: 'U3', paperId: 'elsewhere' }, 'C2', at(7));
      await store.feedback.vote({ teamId: 'T2', channel: 'C1', userId: 'U1', paperId: 'other-team' }, 1, 'button', at(8));
      expect(await store.feedback.taste('T1', 'C1')).toEqual({ liked: ['saved', 'liked-new', 'liked-old'], disliked: ['disliked'] });
    });

    it('remembers which paper a bot message shows (the first answer for a message stays)', async () => {
      await store.feedback.rememberMessage('T1', 'C1', '1.1', 'p1', at(0));
      await store.feedback.rememberMessage('T1', 'C1', '1.1', 'p2', at(1));
      expect(await store.feedback.paperOfMessage('T1', 'C1', '1.1')).toBe('p1');
      expect(await store.feedback.paperOfMessage('T2', 'C1', '1.1')).toBeUndefined();
    });

    it('keeps a reading list newest first (ties in save order), paged, counted, and moved up when saved again', async () => {
      const key = (paperId: string) => ({ teamId: 'T1', userId: 'U1', paperId });
      expect(await store.saved.save(key('a'), 'C1', at(0))).toBe(true);
      expect(await store.saved.save(key('b'), 'C1', at(1))).toBe(true);
      expect(await store.saved.save(key('c'), '', at(1))).toBe(true); // same time as b: saved later, listed first
      expect(await store.saved.save(key('d'), 'C2', at(2))).toBe(true);
      await store.saved.save({ teamId: 'T2', userId: 'U1', paperId: 'z' }, 'C1', at(9));
      const ids = async (page?: { offset?: number; limit?: number }) => (await store.saved.list('T1', 'U1', page)).map((s) => s.paperId);
      expect(await ids()).toEqual(['d', 'c', 'b', 'a']);
      expect(await ids({ limit: 2 })).toEqual(['d', 'c']);
      expect(await ids({ offset: 2, limit: 2 })).toEqual(['b', 'a']);
      expect(await ids({ offset: 3 })).toEqual(['a']);
      expect(await store.saved.save(key('a'), 'C3', at(3))).toBe(false);
      expect((await store.saved.list('T1', 'U1', { limit: 1 }))[0]).toEqual({ paperId: 'a', channel: 'C3', savedAt: at(3).toISOString() });
      expect(await store.saved.count('T1', 'U1')).toBe(4);
      expect(await store.saved.ids('T1', 'U1')).toEqual(new Set(['a', 'b', 'c', 'd']));
      expect(await store.saved.has(key('b'))).toBe(true);
      expect(await store.saved.remove(key('b'))).toBe(true);
      expect(await store.saved.remove(key('b'))).toBe(false);
      expect(await store.saved.has(key('b'))).toBe(false);
    });

    it('remembers shares once per message and paper, lists them newest first within the workspace, and forgets one person\'s', async () => {
      const share = (messageTs: string, userId: string, paperId: string, m: number, teamId = 'T1') => ({ teamId, channel: 'C1', messageTs, userId, paperId, url: `https://arxiv.org/abs/${paperId}`, at: at(m) });
      expect(await store.shares.record(share('1.1', 'U1', 'p1', 0))).toBe(true);
      expect(await store.shares.record(share('1.1', 'U1', 'p1', 0))).toBe(false);
      await store.shares.record(share('2.1', 'U2', 'p2', 5));
      await store.shares.record(share('3.1', 'U2', 'p1', 10));
      await store.shares.record(share('4.1', 'U1', 'p1', 20, 'T2'));
      const list = await store.shares.list({ teamId: 'T1' });
      expect(list.map((s) => s.messageTs)).toEqual(['3.1', '2.1', '1.1']);
      expect(list[2]).toEqual(share('1.1', 'U1', 'p1', 0));
      expect((await store.shares.list({ teamId: 'T1', since: at(5) })).map((s) => s.messageTs)).toEqual(['3.1', '2.1']);
      expect((await store.shares.list({ teamId: 'T1', paperIds: new Set(['p1']), limit: 1 })).map((s) => s.messageTs)).toEqual(['3.1']);
      expect((await store.shares.list({ teamId: 'T1', limit: 2 })).length).toBe(2);
      expect((await store.shares.latest('T1', 'p1'))?.messageTs).toBe('3.1');
      expect(await store.shares.latest('T1', 'nothing')).toBeUndefined();
      expect((await store.shares.forget('T1', 'U2', 'p1')).map((s) => s.messageTs)).toEqual(['3.1']);
      expect((await store.shares.latest('T1', 'p1'))?.messageTs).toBe('1.1');
      expect((await store.shares.latest('T2', 'p1'))?.messageTs).toBe('4.1');
    });

    it('caches lookups, found and missing, a later answer replacing an earlier one', async () => {
      expect(await store.lookups.get('arxiv:1')).toBeUndefined();
      await store.lookups.put('arxiv:1', undefined, at(0));
      expect(await store.lookups.get('arxiv:1')).toEqual({ status: 'missing', at: at(0) });
      await store.lookups.put('arxiv:1', paper('2401.00001'), at(1));
      expect(await store.lookups.get('arxiv:1')).toEqual({ status: 'found', paper: paper('2401.00001'), at: at(1) });
    });

    it('keeps enrichment outcomes and fields, a new run replacing the earlier one', async () => {
      await store.enrichments.save({ paperId: 'lib1', title: 'T', status: 'enriched', detail: '', at: at(0) }, [
        { field: 'year', value: 2020, source: 'crossref:10.1/x' },
        { field: 'authors', value: ['A', 'B'], source: 'arxiv:1' },
      ]);
      await store.enrichments.save({ paperId: 'lib2', title: 'U', status: 'ambiguous', detail: 'two works', at: at(1) }, []);
      await store.enrichments.save({ paperId: 'lib1', title: 'T', status: 'enriched', detail: 'again', at: at(2) }, [{ field: 'year', value: 2021, source: 'arxiv:2' }]);
      expect(await store.enrichments.outcomes()).toEqual(
        new Map([
          ['lib1', { paperId: 'lib1', title: 'T', status: 'enriched', detail: 'again', at: at(2) }],
          ['lib2', { paperId: 'lib2', title: 'U', status: 'ambiguous', detail: 'two works', at: at(1) }],
        ]),
      );
      expect(await store.enrichments.fields()).toEqual(new Map([['lib1', [{ field: 'authors', value: ['A', 'B'], source: 'arxiv:1' }, { field: 'year', value: 2021, source: 'arxiv:2' }]]]));
    });

    it('gives a lease to one holder until it expires or is released', async () => {
      const other = await backend.open();
      expect(await store.leases.acquire('arxiv-poll', 'A', 60_000, at(0))).toBe(true);
      expect(await other.leases.acquire('arxiv-poll', 'B', 60_000, at(0.5))).toBe(false);
      expect(await store.leases.acquire('arxiv-poll', 'A', 60_000, at(0.9))).toBe(true); // renewed until 1.9
      expect(await other.leases.acquire('arxiv-poll', 'B', 60_000, at(1.5))).toBe(false);
      expect(await other.leases.acquire('arxiv-poll', 'B', 60_000, at(1.9))).toBe(true); // expired
      expect(await store.leases.acquire('arxiv-poll', 'A', 60_000, at(2))).toBe(false);
      expect(await store.leases.acquire('other-job', 'A', 60_000, at(2))).toBe(true);
      await store.leases.release('arxiv-poll', 'A'); // not A's: nothing
      expect(await store.leases.acquire('arxiv-poll', 'A', 60_000, at(2.1))).toBe(false);
      await other.leases.release('arxiv-poll', 'B');
      expect(await store.leases.acquire('arxiv-poll', 'A', 60_000, at(2.2))).toBe(true);
    });

    it('flags a retried event as a duplicate, on any connection, until the TTL has passed', async () => {
      let now = 1_000_000;
      const other = await backend.open();
      const here = store.seenEvents({ log: capturedLog().log, ttlMs: 1000, now: () => now });
      const there = other.seenEvents({ log: capturedLog().log, ttlMs: 1000, now: () => now });
      expect(await here.isDuplicate('Ev1')).toBe(false);
      expect(await here.isDuplicate('Ev1')).toBe(true);
      expect(await there.isDuplicate('Ev1')).toBe(true); // the retry reached another replica
      now += 999;
      expect(await there.isDuplicate('Ev1')).toBe(true);
      now += 1;
      expect(await there.isDuplicate('Ev1')).toBe(false);
      expect(await here.isDuplicate('Ev2')).toBe(false);
    });

    it('answers exactly one of two deliveries of an event that reach one process at the same moment', async () => {
      const dedupe = store.seenEvents({ log: capturedLog().log });
      const ids = Array.from({ length: 200 }, (_, i) => `EvSame${i}`);
      const answers = await Promise.all(ids.map((id) => Promise.all([dedupe.isDuplicate(id), dedupe.isDuplicate(id)])));
      expect(answers.filter(([a, b]) => a === b), 'both dropped, or both answered').toEqual([]);
    });

    it('answers events from memory without throwing when the database is gone, and logs that once', async () => {
      const other = await backend.open();
      const { log, lines } = capturedLog();
      const dedupe = other.seenEvents({ log });
      expect(await dedupe.isDuplicate('EvA')).toBe(false);
      await other.close();
      expect(await dedupe.isDuplicate('EvB')).toBe(false);
      expect(await dedupe.isDuplicate('EvB')).toBe(true);
      expect(await dedupe.isDuplicate('EvA')).toBe(true);
      expect(lines.filter((l) => l.event === 'event_dedupe_db_failed')).toHaveLength(1);
    });
  });
}
