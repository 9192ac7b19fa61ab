// Papers fetched from feeds (kept so a restart doesn't fetch them again) and when each paper was first seen.
import type { Paper } from '../papers/paper.ts';
import type { Db } from './database.ts';
import { parsePapers } from './rows.ts';
import type { FetchedPage, PaperStore } from './types.ts';

export type { PaperStore } from './types.ts';

export class SqlitePaperStore implements PaperStore {
  constructor(private readonly db: Db) {}

  /** Stores papers fetched from `source` (e.g. "arxiv"); returns those that were not stored before. */
  async saveFetched(papers: Paper[], source: string, at: Date): Promise<Paper[]> {
    const insert = this.db.prepare('INSERT INTO papers (id, source, data, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
    const fresh: Paper[] = [];
    this.db.transaction(() => {
      for (const p of papers) if (insert.run(p.id, source, JSON.stringify(p), at.toISOString()).changes === 1) fresh.push(p);
    })();
    return fresh;
  }

  /** Every fetched paper, oldest fetch first. Rows that no longer parse are skipped (and counted in `skipped`). */
  async loadFetched(source?: string): Promise<{ papers: Paper[]; skipped: number }> {
    const rows = (source
      ? this.db.prepare('SELECT data FROM papers WHERE source = ? ORDER BY fetched_at, id').all(source)
      : this.db.prepare('SELECT data FROM papers ORDER BY fetched_at, id').all()) as Array<{ data: string }>;
    return parsePapers(rows);
  }

  /** Fetched papers stored after `after` (a rowid; 0 for all), in storage order, and the cursor for next time. */
  async fetchedAfter(after: number): Promise<FetchedPage> {
    const rows = this.db.prepare('SELECT rowid AS seq, data FROM papers WHERE rowid > ? ORDER BY rowid').all(after) as Array<{ seq: number; data: string }>;
    return { ...parsePapers(rows), cursor: rows.length ? rows[rows.length - 1].seq : after };
  }

  /** Records `at` as the first-seen time of each id not seen before (one timestamp per batch, so a batch ties). */
  async markSeen(ids: string[], at: Date): Promise<number> {
    const insert = this.db.prepare('INSERT INTO paper_first_seen (paper_id, first_seen_at) VALUES (?, ?) ON CONFLICT (paper_id) DO NOTHING');
    let added = 0;
    this.db.transaction(() => {
      for (const id of ids) added += insert.run(id, at.toISOString()).changes;
    })();
    return added;
  }

  /** First-seen times (ISO strings) of one page of recorded papers, in id order. */
  async firstSeen(page: { after: string; limit: number }): Promise<Map<string, string>> {
    const rows = this.db.prepare('SELECT paper_id, first_seen_at FROM paper_first_seen WHERE paper_id > ? ORDER BY paper_id LIMIT ?').raw().all(page.after, page.limit);
    return new Map(rows as Array<[string, string]>);
  }

  /** When a feed last completed a poll (undefined if never). */
  async lastPolled(feed: string): Promise<Date | undefined> {
    const row = this.db.prepare('SELECT last_polled_at FROM feed_state WHERE feed = ?').get(feed) as { last_polled_at: string | null } | undefined;
    return row?.last_polled_at ? new Date(row.last_polled_at) : undefined;
  }

  /** Records a poll's outcome: `error` unset means it succeeded and moves `last_polled_at`. */
  async recordPoll(feed: string, at: Date, error?: string): Promise<void> {
    if (error === undefined) {
      this.db.prepare('INSERT INTO feed_state (feed, last_polled_at, last_error) VALUES (?, ?, NULL) ON CONFLICT (feed) DO UPDATE SET last_polled_at = excluded.last_polled_at, last_error = NULL').run(feed, at.toISOString());
    } else {
      this.db.prepare('INSERT INTO feed_state (feed, last_error) VALUES (?, ?) ON CONFLICT (feed) DO UPDATE SET last_error = excluded.last_error').run(feed, error.slice(0, 500));
    }
  }
}
