// Digest subscriptions on PostgreSQL, scoped by workspace, and the digests a person's App Home lists.
import type pg from 'pg';
import { HOME_DIGESTS_MAX } from '../home-digests.ts';
import { subscriptionFromRow as fromRow, type SubscriptionRow as Row } from '../rows.ts';
import type { Subscription, SubscriptionSettings } from '../subscriptions.ts';
import type { HomeDigests, SubscriptionStore } from '../types.ts';

/** Rows of the workspace given as parameter $n; no workspace given (NULL): every row (see Store.adoptTeam). */
const team = (n: number) => `($${n}::text IS NULL OR team_id = $${n})`;

export class PgSubscriptionStore implements SubscriptionStore {
  constructor(private readonly pool: pg.Pool) {}

  async add(channel: string, creator: string, s: SubscriptionSettings, at: Date, teamId = ''): Promise<Subscription> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO subscriptions (channel, creator, topic, at_time, tz, days, count, notify_empty, rank_by, team_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [channel, creator, s.topic, s.time, s.timezone, s.days, s.count, s.notifyEmpty, s.rankBy ?? 'topic', teamId, at.toISOString()],
    );
    return fromRow(rows[0]);
  }

  async get(id: number, teamId?: string): Promise<Subscription | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT * FROM subscriptions WHERE id = $1 AND ${team(2)}`, [id, teamId ?? null]);
    return rows[0] && fromRow(rows[0]);
  }

  async inChannel(teamId: string | undefined, channel: string): Promise<Subscription[]> {
    const { rows } = await this.pool.query<Row>(`SELECT * FROM subscriptions WHERE channel = $1 AND ${team(2)} ORDER BY id`, [channel, teamId ?? null]);
    return rows.map(fromRow);
  }

  async active(): Promise<Subscription[]> {
    const { rows } = await this.pool.query<Row>("SELECT * FROM subscriptions WHERE status = 'active' ORDER BY id");
    return rows.map(fromRow);
  }

  async remove(id: number, teamId?: string): Promise<boolean> {
    const res = await this.pool.query(`DELETE FROM subscriptions WHERE id = $1 AND ${team(2)}`, [id, teamId ?? null]);
    return res.rowCount === 1;
  }

  async pause(id: number, reason: string, teamId?: string): Promise<boolean> {
    const res = await this.pool.query(`UPDATE subscriptions SET status = 'paused', pause_reason = $1 WHERE id = $2 AND ${team(3)}`, [reason, id, teamId ?? null]);
    return res.rowCount === 1;
  }

  async resume(id: number, teamId?: string): Promise<boolean> {
    const res = await this.pool.query(`UPDATE subscriptions SET status = 'active', pause_reason = NULL WHERE id = $1 AND ${team(2)}`, [id, teamId ?? null]);
    return res.rowCount === 1;
  }

  /** The workspace's own rows only: '' rows may belong to another install of a one-workspace bot. */
  async pauseTeam(teamId: string, reason: string): Promise<number> {
    const res = await this.pool.query("UPDATE subscriptions SET status = 'paused', pause_reason = $1 WHERE team_id = $2 AND status = 'active'", [reason, teamId]);
    return res.rowCount ?? 0;
  }
}

export class PgHomeDigests implements HomeDigests {
  constructor(
    private readonly pool: pg.Pool,
    private readonly subs: PgSubscriptionStore,
  ) {}

  /** The same choice and order as SQLite's: digests they run first, then those of channels they saved or voted in. */
  async visibleTo(teamId: string, userId: string): Promise<Subscription[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT s.* FROM subscriptions s
       WHERE s.team_id = $1 AND (s.creator = $2
         OR s.channel IN (SELECT channel FROM saved_papers WHERE team_id = $1 AND user_id = $2)
         OR s.channel IN (SELECT channel FROM feedback WHERE team_id = $1 AND user_id = $2))
       ORDER BY (s.creator = $2) DESC, s.id LIMIT $3`,
      [teamId, userId, HOME_DIGESTS_MAX],
    );
    return rows.map(fromRow);
  }

  pause(id: number, byUser: string, teamId?: string): Promise<boolean> {
    return this.subs.pause(id, `paused_by_${byUser}`, teamId);
  }
}
