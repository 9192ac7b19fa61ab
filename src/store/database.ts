// Opens the bot's SQLite file: creates its folder, turns on WAL and brings the schema up to date.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

export type Db = Database.Database;

/** The file was written by a newer paperbot (its schema version is higher than this code knows). */
export class SchemaTooNewError extends Error {
  readonly code = 'schema_too_new';
}

export interface OpenOptions {
  /**
   * How long a write waits for another connection's lock before failing with SQLITE_BUSY, in ms.
   * Default 5000: two processes sharing one file (a second bot, or `paperbot digest send`) queue instead of failing.
   */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the database at `path` and migrates it. `:memory:` works for quick tests.
 * WAL lets readers run while one writer writes, which is what several processes on one file need.
 * Close it with `db.close()` (checkpoints the WAL).
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The schema version the file is at (0 for a new file). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations the file has not seen yet, each in its own IMMEDIATE transaction: a second
 * process opening the same file at the same moment waits, then sees the new version and skips.
 */
function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new SchemaTooNewError(`Database schema version ${current} is newer than this paperbot understands (${SCHEMA_VERSION}); upgrade paperbot or point DATABASE_PATH elsewhere.`);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    const step = db.transaction(() => {
      if (schemaVersion(db) !== v) return; // another process got there first
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    });
    step.immediate();
  }
}
