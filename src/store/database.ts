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
   * better-sqlite3 waits synchronously, i.e. with the event loop frozen: the bot's request path and digests never
   * use this wait (see withBusyTimeout and whenUnlocked); it serves the CLI and writes nobody is waiting on.
   */
  busyTimeoutMs?: number;
}

/** The busy timeout each connection was opened with, restored after a short one (withBusyTimeout). */
const openedBusyTimeout = new WeakMap<Db, number>();

/**
 * Longest a request-path write (the Slack retry dedupe, a 👍/👎 vote) waits for another process's lock, in ms: a
 * blip, not a freeze. Past it the write takes its documented fallback (memory, or a queue written a moment later).
 */
export const REQUEST_PATH_BUSY_MS = 20;

/** SQLITE_BUSY (another connection holds the lock) or SQLITE_LOCKED, with any extended code. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** The database stayed locked by another process for longer than the caller would wait. */
export class DatabaseBusyError extends Error {
  readonly code = 'database_busy';
}

/**
 * Runs `fn` with the connection's busy timeout set to `ms`, then restores it. Safe because better-sqlite3 is
 * synchronous: nothing else runs on this connection in between. `fn` throws SQLITE_BUSY (isBusy) after `ms`.
 */
export function withBusyTimeout<T>(db: Db, ms: number, fn: () => T): T {
  const restore = openedBusyTimeout.get(db) ?? (db.pragma('busy_timeout', { simple: true }) as number);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
  try {
    return fn();
  } finally {
    if (db.open) db.pragma(`busy_timeout = ${restore}`);
  }
}

export interface UnlockedOptions {
  /** Longest wait in all before giving up with DatabaseBusyError, in ms. Default 60000. */
  deadlineMs?: number;
  /** Each try's own (blocking) busy timeout, in ms. Default REQUEST_PATH_BUSY_MS. */
  tryMs?: number;
  /** The pause between tries, in ms, during which the event loop runs. Default 50. */
  pauseMs?: number;
}

/**
 * Runs the write `fn` (a statement or a whole transaction) once the file is not locked by another process, without
 * freezing the event loop meanwhile: each try blocks for at most `tryMs`, and between tries the loop serves
 * requests. Use it for writes that can wait (digest claims and reservations): a lock held 8 s by `paperbot digest
 * send` or a second replica then costs those writes 8 s, and the bot's acks nothing.
 */
export async function whenUnlocked<T>(db: Db, fn: () => T, opts: UnlockedOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.deadlineMs ?? 60_000);
  for (;;) {
    try {
      return withBusyTimeout(db, opts.tryMs ?? REQUEST_PATH_BUSY_MS, fn);
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (Date.now() >= deadline) throw new DatabaseBusyError(`the database stayed locked by another process for ${opts.deadlineMs ?? 60_000} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, opts.pauseMs ?? 50));
  }
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
    openedBusyTimeout.set(db, opts.busyTimeoutMs ?? 5000);
    if (path !== ':memory:') enableWal(db, opts.busyTimeoutMs ?? 5000);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * `PRAGMA journal_mode = WAL`, tried again while another connection holds the file's lock, up to `timeoutMs`. SQLite
 * answers a journal-mode change with SQLITE_BUSY at once, without the busy handler, when another connection has the
 * lock: one of two replicas starting together on a new file failed with "database is locked". The waits block, as
 * the busy timeout itself does; this runs once, at open.
 */
function enableWal(db: Db, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      Atomics.wait(sleeper, 0, 0, Math.min(wait, Math.max(1, deadline - Date.now())));
    }
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

/**
 * Writes made while answering a Slack request (a 👍/👎 vote, a remembered message): tried at once with a blip of a
 * busy timeout (REQUEST_PATH_BUSY_MS); while another process holds the file's write lock they are queued, in order,
 * and written by a timer as soon as it is free, so the event loop never waits on the lock. The fallback's cost: a
 * read right after a queued write does not see it yet, and writes still queued when the store closes are lost (the
 * lock would have had to outlast the shutdown).
 */
export class DeferredWrites {
  private readonly queue: Array<() => unknown> = [];
  private timer?: NodeJS.Timeout;

  /** `retryMs`: how often a queued write is tried again. Default 100 ms. */
  constructor(
    private readonly db: Db,
    private readonly retryMs = 100,
  ) {}

  /** Runs `write` now, or queues it when the file is locked (or earlier writes still wait); true when written now. */
  run(write: () => unknown): boolean {
    if (this.queue.length === 0 && this.tryWrite(write)) return true;
    this.queue.push(write);
    this.arm();
    return false;
  }

  /** Writes waiting for the lock. */
  get pending(): number {
    return this.queue.length;
  }

  /** True when written; false when the file is locked. Other errors throw. */
  private tryWrite(write: () => unknown): boolean {
    try {
      withBusyTimeout(this.db, REQUEST_PATH_BUSY_MS, write);
      return true;
    } catch (err) {
      if (isBusy(err)) return false;
      throw err;
    }
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.db.open) return void this.queue.splice(0);
      while (this.queue.length) {
        try {
          if (!this.tryWrite(this.queue[0])) break;
        } catch {
          // A write that fails for another reason (a constraint) would fail the same way forever: drop it.
        }
        this.queue.shift();
      }
      if (this.queue.length) this.arm();
    }, this.retryMs);
    this.timer.unref();
  }
}
