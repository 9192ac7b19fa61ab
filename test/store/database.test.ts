import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, SchemaTooNewError } from '../../src/store/database.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { SqlitePaperStore } from '../../src/store/paper-store.ts';
import { PAPERS } from '../digests/papers.ts';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-store-'));
  dirs.push(dir);
  return join(dir, 'a', 'b', 'paperbot.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates missing folders, turns on WAL and migrates to the current schema', () => {
    const path = tempPath();
    const db = openDatabase(path);
    expect(existsSync(path)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['subscriptions', 'runs', 'ledger', 'papers', 'paper_first_seen', 'feed_state', 'slack_events_seen']));
    db.close();
  });

  it('reopens an existing file without re-running migrations, keeping its rows', () => {
    const path = tempPath();
    const db = openDatabase(path);
    db.prepare("INSERT INTO ledger (channel, paper_id, posted_at) VALUES ('C1', 'p1', 'x')").run();
    db.close();
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(SCHEMA_VERSION);
    expect(again.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 1 });
    again.close();
  });

  it('upgrades a version-1 file (before slack_events_seen) in place, keeping its rows', () => {
    const path = tempPath();
    openDatabase(path).close(); // creates the folders
    rmSync(path);
    const v1 = new Database(path);
    v1.exec(MIGRATIONS[0]);
    v1.pragma('user_version = 1');
    v1.prepare("INSERT INTO ledger (channel, paper_id, posted_at) VALUES ('C1', 'p1', 'x')").run();
    v1.close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 1 });
    db.prepare("INSERT INTO slack_events_seen (event_id, seen_at) VALUES ('Ev1', 1)").run();
    expect(() => db.prepare("INSERT INTO slack_events_seen (event_id, seen_at) VALUES ('Ev1', 2)").run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('refuses a file written by a newer schema', () => {
    const path = tempPath();
    openDatabase(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(SchemaTooNewError);
  });

  it('enforces one run per subscription and local day', () => {
    const db = openDatabase(tempPath());
    db.prepare("INSERT INTO subscriptions (channel, creator, at_time, tz, days, count, created_at) VALUES ('C1', 'U1', '09:00', 'UTC', 'daily', 3, 'x')").run();
    const insert = db.prepare("INSERT INTO runs (subscription_id, local_date, status, claimed_by, claimed_at) VALUES (1, '2026-03-09', 'claimed', 'a', 'x')");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('PaperStore', () => {
  it('stores fetched papers once and loads them back', async () => {
    const db = openDatabase(tempPath());
    const store = new SqlitePaperStore(db);
    const at = new Date('2026-03-09T10:00:00Z');
    expect((await store.saveFetched(PAPERS.slice(0, 2), 'arxiv', at)).map((p) => p.id)).toEqual(['rob-1', 'rob-2']);
    expect((await store.saveFetched(PAPERS.slice(1, 3), 'arxiv', at)).map((p) => p.id)).toEqual(['rob-3']);
    const loaded = await store.loadFetched('arxiv');
    expect(loaded.papers.map((p) => p.id).sort()).toEqual(['rob-1', 'rob-2', 'rob-3']);
    expect(loaded.papers.find((p) => p.id === 'rob-1')).toEqual(PAPERS[0]);
    db.close();
  });

  it('keeps the first first-seen time and records poll outcomes', async () => {
    const db = openDatabase(tempPath());
    const store = new SqlitePaperStore(db);
    expect(await store.markSeen(['a', 'b'], new Date('2026-01-01T00:00:00Z'))).toBe(2);
    expect(await store.markSeen(['b', 'c'], new Date('2026-02-01T00:00:00Z'))).toBe(1);
    expect((await store.firstSeen({ after: '', limit: 10 })).get('b')).toBe('2026-01-01T00:00:00.000Z');
    expect((await store.firstSeen({ after: '', limit: 10 })).get('c')).toBe('2026-02-01T00:00:00.000Z');
    expect(await store.lastPolled('arxiv')).toBeUndefined();
    await store.recordPoll('arxiv', new Date('2026-03-01T00:00:00Z'));
    await store.recordPoll('arxiv', new Date('2026-03-02T00:00:00Z'), 'HTTP 503');
    expect((await store.lastPolled('arxiv'))?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    db.close();
  });
});
