import { describe, expect, it } from 'vitest';
import { EventDedupe } from '../../src/store/seen-events.ts';

describe('EventDedupe', () => {
  it('flags a repeated event_id within the TTL and forgets it after', () => {
    let now = 0;
    const d = new EventDedupe({ ttlMs: 1000, now: () => now });
    expect(d.isDuplicate('Ev1')).toBe(false);
    now = 999;
    expect(d.isDuplicate('Ev1')).toBe(true);
    now = 1000;
    expect(d.isDuplicate('Ev1')).toBe(false); // expired, seen afresh
    expect(d.size).toBe(1);
  });

  it('stays bounded: the oldest ids go first', () => {
    const d = new EventDedupe({ maxEntries: 3, now: () => 0 });
    for (const id of ['a', 'b', 'c', 'd']) d.isDuplicate(id);
    expect(d.size).toBe(3);
    expect(d.isDuplicate('d')).toBe(true);
    expect(d.isDuplicate('a')).toBe(false);
  });
});
