// SqliteEventDedupe on real SQLite files: TTL, pruning, several connections and processes, database failures.
import { raceDedupeWorkers } from './dedupe-race.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLog } from '../../src/log.ts';
import { LOCKED_PAUSE_MS, SqliteEventDedupe, type SqliteEventDedupeOptions } from '../../src/store/shared-seen-events.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-dedupe-'));
  dirs.push(dir);
  return join(dir, 'paperbot.db');
}

function connect(path: string, busyTimeoutMs?: number): Db {
  const db = openDatabase(path, { busyTimeoutMs });
  open.push(db);
  return db;
}

/** A dedupe with a log whose lines the test reads back. */
function dedupeOn(db: Db, opts: Partial<SqliteEventDedupeOptions> = {}) {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) });
  return { d: new SqliteEventDedupe(db, { log: createLog('info', sink), ...opts }), lines };
}

function rows(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM slack_events_seen').get() as { n: number }).n;
}

describe('SqliteEventDedupe', () => {
  it('flags a repeated event_id within the TTL and treats it as new after the TTL (one row either way)', () => {
    let now = 1_000_000;
    const db = connect(tempDb());
    const { d } = dedupeOn(db, { ttlMs: 1000, now: () => now });
    expect(d.isDuplicate('Ev1')).toBe(false);
    expect(d.isDuplicate('Ev2')).toBe(false);
    now += 999;
    expect(d.isDuplicate('Ev1')).toBe(true);
    now += 1; // Ev1 first seen exactly one TTL ago: expired, even though no prune has removed its row
    expect(d.isDuplicate('Ev1')).toBe(false);
    expect(d.isDuplicate('Ev1')).toBe(true); // the re-claim restarted its TTL
    expect(rows(db)).toBe(2);
    expect(db.prepare("SELECT seen_at FROM slack_events_seen WHERE event_id = 'Ev1'").get()).toEqual({ seen_at: now });
  });

  it('remembers ids across a restart (a new dedupe on a reopened file)', () => {
    const path = tempDb();
    let now = 5000;
    const first = connect(path);
    expect(dedupeOn(first, { now: () => now }).d.isDuplicate('EvA')).toBe(false);
    first.close();
    now += 60_000;
    expect(dedupeOn(connect(path), { now: () => now }).d.isDuplicate('EvA')).toBe(true);
  });

  it('prunes expired rows every pruneEvery claims, so the table stays near one TTL of ids', () => {
    let now = 0;
    const db = connect(tempDb());
    const { d } = dedupeOn(db, { ttlMs: 1000, pruneEvery: 10, pruneLimit: 50, now: () => now });
    let most = 0;
    for (let i = 0; i < 2000; i++) {
      now += 10; // 100 ids per TTL
      expect(d.isDuplicate(`ev${i}`)).toBe(false);
      most = Math.max(most, rows(db));
    }
    // Live ids (one TTL) plus what expired since the last prune (at most pruneEvery claims ago).
    expect(most).toBeLessThanOrEqual(100 + 10 + 1);
    expect(rows(db)).toBeGreaterThanOrEqual(100);
    const oldest = (db.prepare('SELECT min(seen_at) AS t FROM slack_events_seen').get() as { t: number }).t;
    expect(now - oldest).toBeLessThanOrEqual(1000 + 10 * 10);
  });

  it('deletes at most pruneLimit rows per prune, oldest first, and never a fresh one', () => {
    const db = connect(tempDb());
    const insert = db.prepare('INSERT INTO slack_events_seen (event_id, seen_at) VALUES (?, ?)');
    for (let i = 0; i < 500; i++) insert.run(`old${i}`, i); // expired backlog (say, left by a stopped replica)
    const { d } = dedupeOn(db, { ttlMs: 1000, pruneEvery: 1, pruneLimit: 50, now: () => 10_000 });
    expect(d.isDuplicate('fresh')).toBe(false);
    expect(rows(db)).toBe(501 - 50);
    expect(db.prepare("SELECT count(*) AS n FROM slack_events_seen WHERE event_id IN ('old0', 'old49')").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM slack_events_seen WHERE event_id IN ('old50', 'fresh')").get()).toEqual({ n: 2 });
    for (let i = 0; i < 20; i++) d.isDuplicate(`more${i}`);
    expect(rows(db)).toBe(21); // backlog gone after 10 more prunes; the 21 fresh ids stay
  });

  it('two connections to one file: whichever claims first wins, the other sees a duplicate', () => {
    const path = tempDb();
    const a = dedupeOn(connect(path), { now: () => 1000 }).d;
    const b = dedupeOn(connect(path), { now: () => 1000 }).d;
    const winners = new Map<string, string[]>();
    for (let i = 0; i < 200; i++) {
      const id = `ev${i}`;
      // Alternate who goes first, and have each ask twice (a retry to the same replica).
      const order = i % 2 ? [['a', a], ['b', b], ['a', a]] : [['b', b], ['a', a], ['b', b]];
      for (const [name, d] of order as Array<[string, SqliteEventDedupe]>) if (!d.isDuplicate(id)) winners.set(id, [...(winners.get(id) ?? []), name]);
    }
    expect(winners.size).toBe(200);
    for (const [i, [id, who]] of [...winners].entries()) expect(who, id).toEqual([i % 2 ? 'a' : 'b']);
  });

  it('two processes racing on the same ids (half of them stale rows): exactly one "new" per id', async () => {
    const path = tempDb();
    const now = 10_000_000;
    const db = connect(path);
    const stale = db.prepare('INSERT INTO slack_events_seen (event_id, seen_at) VALUES (?, ?)');
    const count = 10_000;
    for (let i = 0; i < count; i += 2) stale.run(`ev${i}`, now - 11 * 60_000); // older than the 10-minute TTL
    db.close();

    const [a, b] = await raceDedupeWorkers('test/store/dedupe-race-worker.ts', [path, String(count), String(now)]);

    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(new Set([...a, ...b]).size).toBe(count);
    expect(a.length + b.length).toBe(count);
    if (process.env.RACE_DEBUG) console.log({ a: a.length, b: b.length });
  }, 40_000);
});

describe('SqliteEventDedupe when the database fails', () => {
  it('answers from memory, logs once per outage, and logs when the database works again', () => {
    const db = connect(tempDb());
    const { d, lines } = dedupeOn(db);
    db.exec('ALTER TABLE slack_events_seen RENAME TO elsewhere');
    expect(d.isDuplicate('Ev1')).toBe(false);
    expect(d.isDuplicate('Ev1')).toBe(true); // from this process's memory
    expect(d.isDuplicate('Ev2')).toBe(false);
    const errors = lines.filter((l) => l.event === 'event_dedupe_db_failed');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 50, step: 'claim', error: 'SQLITE_ERROR' });
    expect(errors[0].msg).toMatch(/no such table/);

    db.exec('ALTER TABLE elsewhere RENAME TO slack_events_seen');
    expect(d.isDuplicate('Ev3')).toBe(false);
    expect(lines.filter((l) => l.event === 'event_dedupe_db_recovered')).toHaveLength(1);
    expect(rows(db)).toBe(1); // only Ev3 reached the table
  });

  it('falls back while another process holds the write lock past the busy timeout', async () => {
    const path = tempDb();
    const holder = connect(path);
    const { d, lines } = dedupeOn(connect(path, 20));
    expect(d.isDuplicate('Ev1')).toBe(false);
    holder.exec('BEGIN IMMEDIATE');
    try {
      expect(d.isDuplicate('Ev1')).toBe(true);
      expect(d.isDuplicate('Ev2')).toBe(false);
    } finally {
      holder.exec('ROLLBACK');
    }
    expect(lines.filter((l) => l.event === 'event_dedupe_db_failed').map((l) => l.error)).toEqual(['SQLITE_BUSY']);
    // After a locked claim the file is left alone for a moment (a burst during a long lock costs one blip, not one each).
    await new Promise((r) => setTimeout(r, LOCKED_PAUSE_MS + 50));
    // Ev2 was answered during the outage: its retry is still dropped, and the claim now records it for other replicas.
    expect(d.isDuplicate('Ev2')).toBe(true);
    expect(rows(holder)).toBe(2);
    expect(d.isDuplicate('Ev3')).toBe(false);
  });

  it('does not throw on a closed database (a late event during shutdown)', () => {
    const db = connect(tempDb());
    const { d, lines } = dedupeOn(db);
    db.close();
    expect(d.isDuplicate('Ev1')).toBe(false);
    expect(d.isDuplicate('Ev1')).toBe(true);
    expect(lines.filter((l) => l.event === 'event_dedupe_db_failed')).toHaveLength(1);
  });
});
