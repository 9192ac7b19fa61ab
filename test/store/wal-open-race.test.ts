// Opening a new database file while another process holds its lock: the switch to WAL waits instead of failing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { holdWriteLock } from './lock-holder.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('opening a database file another process holds', () => {
  it('waits for the lock to switch a new file to WAL, then migrates (two replicas starting together)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperbot-wal-race-'));
    dirs.push(dir);
    const path = join(dir, 'paperbot.db');
    const { released } = await holdWriteLock(path, 300);
    const t0 = Date.now();
    const db = openDatabase(path);
    try {
      expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    } finally {
      db.close();
      await released;
    }
  });
});
