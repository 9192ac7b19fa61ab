// Fetched papers, first-seen times and feed poll state on PostgreSQL, with a storage-order cursor for replicas.
import type pg from 'pg';
import type { Paper } from '../../papers/paper.ts';
import type { FetchedPage, PaperStore } from '../types.ts';
import { parsePapers } from '../rows.ts';
import { transaction } from './transaction.ts';

/**
 * Held (per transaction) by every insert into papers. A sequence hands out numbers at insert, not at commit: without
 * it, a replica could read seq 11 committed while seq 10 is still in flight, move its cursor past 10 and never see
 * that paper. Inserts taken one at a time commit in seq order, so a cursor never skips one.
 */
const PAPERS_INSERT_LOCK = 0x70617065727331n; // "papers1"

export class PgPaperStore implements PaperStore {
  constructor(private readonly pool: pg.Pool) {}

  async saveFetched(papers: Paper[], source: string, at: Date): Promise<Paper[]> {
    if (papers.length === 0) return [];
    const inserted = await transaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PAPERS_INSERT_LOCK.toString()]);
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO papers (id, source, data, fetched_at)
         SELECT id, $3, data, $4 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t (id, data, n) ORDER BY n
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [papers.map((p) => p.id), papers.map((p) => JSON.stringify(p)), source, at.toISOString()],
      );
      return new Set(rows.map((r) => r.id));
    });
    // A batch that names one id twice stores the first; so does SQLite.
    const fresh: Paper[] = [];
    for (const p of papers) if (inserted.delete(p.id)) fresh.push(p);
    return fresh;
  }

  async loadFetched(source?: string): Promise<{ papers: Paper[]; skipped: number }> {
    const { rows } = await this.pool.query<{ data: string }>('SELECT data FROM papers WHERE $1::text IS NULL OR source = $1 ORDER BY fetched_at, id', [source ?? null]);
    return parsePapers(rows);
  }

  /** pg returns BIGINT as a string (it may exceed 2^53); a sequence of papers never will. */
  async fetchedAfter(after: number): Promise<FetchedPage> {
    const { rows } = await this.pool.query<{ seq: string; data: string }>('SELECT seq, data FROM papers WHERE seq > $1 ORDER BY seq', [after]);
    return { ...parsePapers(rows), cursor: rows.length ? Number(rows[rows.length - 1].seq) : after };
  }

  async markSeen(ids: string[], at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.pool.query('INSERT INTO paper_first_seen (paper_id, first_seen_at) SELECT id, $2 FROM unnest($1::text[]) AS t (id) ON CONFLICT (paper_id) DO NOTHING', [ids, at.toISOString()]);
    return res.rowCount ?? 0;
  }

  async firstSeen(page: { after: string; limit: number }): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ paper_id: string; first_seen_at: string }>(
      'SELECT paper_id, first_seen_at FROM paper_first_seen WHERE paper_id > $1 ORDER BY paper_id LIMIT $2',
      [page.after, page.limit],
    );
    return new Map(rows.map((r) => [r.paper_id, r.first_seen_at]));
  }

  async lastPolled(feed: string): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ last_polled_at: string | null }>('SELECT last_polled_at FROM feed_state WHERE feed = $1', [feed]);
    return rows[0]?.last_polled_at ? new Date(rows[0].last_polled_at) : undefined;
  }

  async recordPoll(feed: string, at: Date, error?: string): Promise<void> {
    if (error === undefined) {
      await this.pool.query('INSERT INTO feed_state (feed, last_polled_at, last_error) VALUES ($1, $2, NULL) ON CONFLICT (feed) DO UPDATE SET last_polled_at = excluded.last_polled_at, last_error = NULL', [feed, at.toISOString()]);
    } else {
      await this.pool.query('INSERT INTO feed_state (feed, last_error) VALUES ($1, $2) ON CONFLICT (feed) DO UPDATE SET last_error = excluded.last_error', [feed, error.slice(0, 500)]);
    }
  }
}
