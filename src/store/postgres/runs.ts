// Digest runs and the ledger on PostgreSQL: the claim, the reservation and the sent mark, atomic across hosts.
import type pg from 'pg';
import type { Run } from '../runs.ts';
import { runFromRow as fromRow, type RunRow as Row } from '../rows.ts';
import type { ChannelRef, Ledger, RunRef, RunStore } from '../types.ts';
import { Rollback, transaction } from './transaction.ts';

/** Ids once each, sorted: every transaction then locks ledger rows in the same order, so two never deadlock. */
const distinctSorted = (ids: string[]) => [...new Set(ids)].sort();

/** Inserts ledger rows that are not there yet; returns the ids it inserted. */
async function insertLedger(q: pg.Pool | pg.PoolClient, ch: ChannelRef, ids: string[], subscriptionId: number, at: Date): Promise<Set<string>> {
  const { rows } = await q.query<{ paper_id: string }>(
    `INSERT INTO ledger (team_id, channel, paper_id, posted_at, subscription_id)
     SELECT $1, $2, id, $4, $5 FROM unnest($3::text[]) WITH ORDINALITY AS t (id, n) ORDER BY n
     ON CONFLICT (team_id, channel, paper_id) DO NOTHING
     RETURNING paper_id`,
    [ch.teamId, ch.channel, ids, at.toISOString(), subscriptionId],
  );
  return new Set(rows.map((r) => r.paper_id));
}

export class PgLedger implements Ledger {
  constructor(private readonly pool: pg.Pool) {}

  async postedIn(ch: ChannelRef): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ paper_id: string }>('SELECT paper_id FROM ledger WHERE team_id = $1 AND channel = $2', [ch.teamId, ch.channel]);
    return new Set(rows.map((r) => r.paper_id));
  }

  /**
   * All or none, in one transaction: insert every id with ON CONFLICT DO NOTHING; if any was already there, roll back
   * and name those. A concurrent reserver of the same id waits on the primary key's index entry until this
   * transaction ends, then sees the row (conflict) or its absence (insert): of two overlapping reservations exactly
   * one is written. No table lock: digests of other channels, and disjoint ones, go ahead in parallel.
   */
  async reserve(ch: ChannelRef, paperIds: string[], subscriptionId: number, at: Date): Promise<{ taken: string[] }> {
    const ids = distinctSorted(paperIds);
    if (ids.length === 0) return { taken: [] };
    return transaction(this.pool, async (client) => {
      const inserted = await insertLedger(client, ch, ids, subscriptionId, at);
      if (inserted.size === ids.length) return { taken: [] };
      throw new Rollback({ taken: paperIds.filter((id, i) => !inserted.has(id) && paperIds.indexOf(id) === i) });
    });
  }

  async release(ch: ChannelRef, paperIds: string[], subscriptionId: number): Promise<void> {
    if (paperIds.length === 0) return;
    await this.pool.query('DELETE FROM ledger WHERE team_id = $1 AND channel = $2 AND subscription_id = $4 AND paper_id = ANY ($3::text[])', [ch.teamId, ch.channel, paperIds, subscriptionId]);
  }
}

export class PgRunStore implements RunStore {
  readonly ledger: PgLedger;

  constructor(private readonly pool: pg.Pool) {
    this.ledger = new PgLedger(pool);
  }

  /**
   * The same single statement as SQLite's claim. Under PostgreSQL's READ COMMITTED, a second claimer's insert waits
   * on the first's uncommitted row, then takes the DO UPDATE path and re-evaluates its WHERE on the committed row
   * (status `claimed`: no update), so exactly one of any number of claimers gets rowCount 1.
   */
  async claim(subscriptionId: number, localDate: string, by: string, at: Date): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO runs (subscription_id, local_date, status, claimed_by, claimed_at)
       SELECT id, $1::text, 'claimed', $2::text, $3::text FROM subscriptions WHERE id = $4 AND status = 'active'
       ON CONFLICT (subscription_id, local_date) DO UPDATE
         SET status = 'claimed', claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at,
             finished_at = NULL, retryable = FALSE, error = NULL, retry_at = NULL
         WHERE runs.status = 'failed' AND runs.retryable AND (runs.retry_at IS NULL OR runs.retry_at <= excluded.claimed_at)`,
      [localDate, by, at.toISOString(), subscriptionId],
    );
    return res.rowCount === 1;
  }

  async get(subscriptionId: number, localDate: string): Promise<Run | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM runs WHERE subscription_id = $1 AND local_date = $2', [subscriptionId, localDate]);
    return rows[0] && fromRow(rows[0]);
  }

  async markSent(run: RunRef, paperIds: string[], messageTs: string | undefined, at: Date): Promise<void> {
    await transaction(this.pool, async (client) => {
      if (paperIds.length) await insertLedger(client, run, distinctSorted(paperIds), run.subscriptionId, at);
      await client.query("UPDATE runs SET status = 'sent', finished_at = $1, message_ts = $2, paper_count = $3 WHERE subscription_id = $4 AND local_date = $5", [
        at.toISOString(),
        messageTs ?? null,
        paperIds.length,
        run.subscriptionId,
        run.localDate,
      ]);
    });
  }

  async markFailed(subscriptionId: number, localDate: string, error: string, retryable: boolean, at: Date, retryAt?: Date): Promise<void> {
    await this.pool.query("UPDATE runs SET status = 'failed', finished_at = $1, error = $2, retryable = $3, retry_at = $4 WHERE subscription_id = $5 AND local_date = $6", [
      at.toISOString(),
      error.slice(0, 500),
      retryable,
      retryable && retryAt ? retryAt.toISOString() : null,
      subscriptionId,
      localDate,
    ]);
  }

  async markInterrupted(subscriptionId: number, localDate: string, by: string, at: Date): Promise<boolean> {
    const res = await this.pool.query(
      "UPDATE runs SET status = 'failed', finished_at = $1, error = 'interrupted: stopped while Slack had the post (it may have been posted)', retryable = FALSE, retry_at = NULL WHERE subscription_id = $2 AND local_date = $3 AND status = 'claimed' AND claimed_by = $4",
      [at.toISOString(), subscriptionId, localDate, by],
    );
    return res.rowCount === 1;
  }

  /**
   * One statement; it returns each run as it was before (status `claimed`), like SQLite's, by joining the row's
   * snapshot. A row another process finished meanwhile is re-checked by PostgreSQL and left alone.
   */
  async abandonStale(before: Date, at: Date): Promise<Run[]> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE runs r SET status = 'failed', finished_at = $2, error = 'interrupted: the process stopped while sending', retryable = FALSE
       FROM runs old
       WHERE r.status = 'claimed' AND r.claimed_at < $1 AND old.subscription_id = r.subscription_id AND old.local_date = r.local_date
       RETURNING old.*`,
      [before.toISOString(), at.toISOString()],
    );
    return rows.map(fromRow);
  }
}
