// Paper-link state on PostgreSQL: the metadata-lookup cache, shared links, and what `corpus enrich` filled in.
import type pg from 'pg';
import type { Paper } from '../../papers/paper.ts';
import type { EnrichmentOutcome, FieldValue } from '../enrichments.ts';
import type { CachedLookup } from '../lookups.ts';
import type { Share, ShareQuery } from '../shares.ts';
import type { EnrichmentStore, LookupStore, ShareStore } from '../types.ts';
import { fieldsFromRows, lookupFromRow, outcomesFromRows, shareFromRow, type FieldRow, type LookupRow, type OutcomeRow, type ShareRow } from '../rows.ts';
import { transaction } from './transaction.ts';

export class PgLookupStore implements LookupStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string): Promise<CachedLookup | undefined> {
    const { rows } = await this.pool.query<LookupRow>('SELECT status, data, fetched_at FROM paper_lookups WHERE key = $1', [key]);
    return rows[0] && lookupFromRow(rows[0]);
  }

  async put(key: string, paper: Paper | undefined, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO paper_lookups (key, status, paper_id, data, fetched_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET status = excluded.status, paper_id = excluded.paper_id, data = excluded.data, fetched_at = excluded.fetched_at`,
      [key, paper ? 'found' : 'missing', paper?.id ?? null, paper ? JSON.stringify(paper) : null, at.toISOString()],
    );
  }
}

export class PgShareStore implements ShareStore {
  constructor(private readonly pool: pg.Pool) {}

  async record(s: Share): Promise<boolean> {
    const res = await this.pool.query('INSERT INTO shares (team_id, channel, message_ts, user_id, paper_id, url, shared_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING', [
      s.teamId,
      s.channel,
      s.messageTs,
      s.userId,
      s.paperId,
      s.url,
      s.at.toISOString(),
    ]);
    return res.rowCount === 1;
  }

  /** The workspace's shares, newest first; `paperIds` filters in the query, so the limit counts matches only. */
  async list(q: ShareQuery): Promise<Share[]> {
    const { rows } = await this.pool.query<ShareRow>(
      `SELECT * FROM shares WHERE team_id = $1 AND shared_at >= $2 AND ($3::text[] IS NULL OR paper_id = ANY ($3::text[]))
       ORDER BY shared_at DESC, message_ts DESC, paper_id LIMIT $4`,
      [q.teamId, (q.since ?? new Date(0)).toISOString(), q.paperIds ? [...q.paperIds] : null, q.limit ?? 200],
    );
    return rows.map(shareFromRow);
  }

  async latest(teamId: string, paperId: string): Promise<Share | undefined> {
    const { rows } = await this.pool.query<ShareRow>('SELECT * FROM shares WHERE team_id = $1 AND paper_id = $2 ORDER BY shared_at DESC LIMIT 1', [teamId, paperId]);
    return rows[0] && shareFromRow(rows[0]);
  }

  async forget(teamId: string, userId: string, paperId: string): Promise<Share[]> {
    const { rows } = await this.pool.query<ShareRow>('DELETE FROM shares WHERE team_id = $1 AND user_id = $2 AND paper_id = $3 RETURNING *', [teamId, userId, paperId]);
    return rows.map(shareFromRow);
  }
}

export class PgEnrichmentStore implements EnrichmentStore {
  constructor(private readonly pool: pg.Pool) {}

  async save(outcome: EnrichmentOutcome, fields: FieldValue[]): Promise<void> {
    const at = outcome.at.toISOString();
    await transaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO enrichment_outcomes (paper_id, title, status, detail, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (paper_id) DO UPDATE SET title = excluded.title, status = excluded.status, detail = excluded.detail, at = excluded.at`,
        [outcome.paperId, outcome.title, outcome.status, outcome.detail, at],
      );
      for (const f of fields) {
        await client.query(
          `INSERT INTO enriched_fields (paper_id, field, value, source, at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (paper_id, field) DO UPDATE SET value = excluded.value, source = excluded.source, at = excluded.at`,
          [outcome.paperId, f.field, JSON.stringify(f.value), f.source, at],
        );
      }
    });
  }

  async outcomes(): Promise<Map<string, EnrichmentOutcome>> {
    const { rows } = await this.pool.query<OutcomeRow>(
      'SELECT paper_id, title, status, detail, at FROM enrichment_outcomes ORDER BY paper_id',
    );
    return outcomesFromRows(rows);
  }

  /** Rows that no longer parse are skipped. */
  async fields(): Promise<Map<string, FieldValue[]>> {
    const { rows } = await this.pool.query<FieldRow>('SELECT paper_id, field, value, source FROM enriched_fields ORDER BY paper_id, field');
    return fieldsFromRows(rows);
  }
}
