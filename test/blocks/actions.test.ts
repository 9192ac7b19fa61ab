import { describe, expect, it } from 'vitest';
import { ACTION_IDS, decodeAction, encodeAction, MAX_LIMIT, MAX_OFFSET, type ActionState } from '../../src/blocks/actions.ts';
import { LIMITS } from '../../src/blocks/limits.ts';

const state: ActionState = { surface: 'similar', query: 'robust "adversarial examples" year:2018-2020', offset: 5, limit: 5, paperId: 'p1', expandedId: 'p2', likeId: 'p0' };

describe('action values', () => {
  it('round-trips every field', () => {
    expect(decodeAction(encodeAction(state))).toEqual(state);
    const minimal: ActionState = { surface: 'digest', query: '', offset: 0, limit: 1 };
    expect(decodeAction(encodeAction(minimal))).toEqual(minimal);
  });

  it('holds no Slack control characters and still round-trips them', () => {
    const s: ActionState = { ...state, query: '<!channel> & <@U1>' };
    const v = encodeAction(s);
    expect(v).not.toMatch(/[&<>]/);
    expect(decodeAction(v)?.query).toBe('<!channel> & <@U1>');
  });

  it('cuts a huge query to fit 2000 characters and says so', () => {
    for (const q of ['x'.repeat(100_000), '"\\'.repeat(50_000), '😀'.repeat(30_000), '<&>'.repeat(20_000)]) {
      const v = encodeAction({ ...state, query: q });
      expect(v.length).toBeLessThanOrEqual(LIMITS.buttonValue);
      const back = decodeAction(v)!;
      expect(back.truncated).toBe(true);
      expect(q.startsWith(back.query)).toBe(true);
      expect(back.query.length).toBeGreaterThan(100);
      expect(back.paperId).toBe('p1');
    }
  });

  it('stays within the limit even when the ids alone are too long', () => {
    const v = encodeAction({ ...state, paperId: 'p'.repeat(5000), expandedId: 'e'.repeat(5000), likeId: '<'.repeat(5000) });
    expect(v.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    expect(decodeAction(v)).not.toBeNull();
  });

  it('returns null for anything it did not make, never throws', () => {
    for (const bad of [undefined, null, 42, '', 'garbage', '{', '[]', 'null', '{"v":2,"s":"s","q":"","o":0,"l":5}', '{"v":1,"s":"zz","q":"","o":0,"l":5}', '{"v":1,"s":"s","q":1,"o":0,"l":5}', '{"v":1,"s":"s","q":"","o":-1,"l":5}', '{"v":1,"s":"s","q":"","o":0.5,"l":5}', '{"v":1,"s":"s","q":"","o":0,"l":5,"p":7}', 'x'.repeat(3000)]) {
      expect(decodeAction(bad)).toBeNull();
    }
  });

  it('bounds pages to what our buttons produce: offset past 1000 or limit 0 is stale, limit clamped to 10 (tampered values cost CPU)', () => {
    const value = (o: number, l: number) => JSON.stringify({ v: 1, s: 's', q: 'robustness', o, l });
    expect(decodeAction(value(MAX_OFFSET, MAX_LIMIT))).toMatchObject({ offset: 1000, limit: 10 });
    expect(decodeAction(encodeAction({ surface: 'digest', query: '', offset: 0, limit: 10 }))).toMatchObject({ limit: 10 });
    for (const [o, l] of [[0, 1_000_000], [5, 11], [0, 1e15]]) expect(decodeAction(value(o, l))?.limit, `o=${o} l=${l}`).toBe(MAX_LIMIT);
    for (const [o, l] of [[1_000_000, 5], [1001, 5], [0, 0], [999_999, 999_999]]) expect(decodeAction(value(o, l)), `o=${o} l=${l}`).toBeNull();
  });

  it('lists every action id once', () => {
    expect(new Set(ACTION_IDS).size).toBe(ACTION_IDS.length);
    expect(ACTION_IDS).toEqual(expect.arrayContaining(['paper_abstract', 'paper_similar', 'paper_share', 'paper_bibtex', 'paper_next', 'paper_abstract_hide', 'paper_suggest']));
  });
});
