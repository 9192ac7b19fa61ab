// Decorations that need the database (a card's "Saved ✓", its "shared by" line): when the database is not answering,
// the answer goes out without them rather than not at all. Search itself needs no database.
import type { Log } from '../log.ts';
import { isStoreUnavailable } from '../store/errors.ts';

/** `work`'s value, or `fallback` when the database is unavailable (logged once per call, as a warning). */
export async function unlessStoreDown<T>(work: () => Promise<T>, fallback: T, log: Log, what: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isStoreUnavailable(err)) throw err;
    log.warn({ event: 'decoration_skipped', what, error: String((err as Error)?.message ?? err) }, `database unavailable: answered without ${what}`);
    return fallback;
  }
}
