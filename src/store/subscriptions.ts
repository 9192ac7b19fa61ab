// A channel's digest subscription, and the table that keeps them.
import type { Db } from './database.ts';
import { subscriptionFromRow as fromRow, type SubscriptionRow } from './rows.ts';
import type { SubscriptionStore } from './types.ts';

export type { SubscriptionStore } from './types.ts';

/** `weekdays` is Monday to Friday in the subscription's own time zone. */
export type Days = 'daily' | 'weekdays';

/** The allowed range for `count` (papers per digest): Block Kit allows 50 blocks per message, a card takes a few. */
export const COUNT_RANGE = { min: 1, max: 10 } as const;

export interface SubscriptionSettings {
  /** Search words; '' means "paper of the day" from the whole corpus. */
  topic: string;
  /** Local time of day, 24-hour "HH:MM". Default "09:00". */
  time: string;
  /** IANA zone the time is read in. Default: the adding user's Slack zone, else DIGEST_TIMEZONE. */
  timezone: string;
  /** Default `weekdays`. */
  days: Days;
  /** Papers per digest, 1–10. Default 3. */
  count: number;
  /** Post a short "nothing new today" note on an empty day instead of staying silent. Default false. */
  notifyEmpty: boolean;
  /**
   * `lab`: rank new papers by how much they are like the lab's (its library and the channel's 👍/👎), within the
   * topic when there is one. `topic`: newest matches of the topic first. Default `topic`.
   */
  rankBy?: 'topic' | 'lab';
}

export interface Subscription extends SubscriptionSettings {
  id: number;
  channel: string;
  /** Slack user id of whoever added it; told by DM when the subscription is paused. */
  creator: string;
  status: 'active' | 'paused';
  /** Why it was paused: the Slack error code, e.g. `not_in_channel`. */
  pauseReason?: string;
  createdAt: string;
  /** Workspace id ('' when Slack did not say). */
  teamId?: string;
}

/** Rows of one workspace; no workspace given (NULL): every row. Rows written without a team are adopted at start (Store.adoptTeam). */
const TEAM = '(? IS NULL OR team_id = ?)';
const team = (teamId: string | undefined) => [teamId ?? null, teamId ?? null];

export class SqliteSubscriptionStore implements SubscriptionStore {
  constructor(private readonly db: Db) {}

  async add(channel: string, creator: string, s: SubscriptionSettings, at: Date, teamId = ''): Promise<Subscription> {
    const info = this.db
      .prepare('INSERT INTO subscriptions (channel, creator, topic, at_time, tz, days, count, notify_empty, rank_by, team_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(channel, creator, s.topic, s.time, s.timezone, s.days, s.count, s.notifyEmpty ? 1 : 0, s.rankBy ?? 'topic', teamId, at.toISOString());
    return this.getNow(Number(info.lastInsertRowid))!;
  }

  async get(id: number, teamId?: string): Promise<Subscription | undefined> {
    return this.getNow(id, teamId);
  }

  /** The read `add` and `get` share. */
  private getNow(id: number, teamId?: string): Subscription | undefined {
    const row = this.db.prepare(`SELECT * FROM subscriptions WHERE id = ? AND ${TEAM}`).get(id, ...team(teamId)) as SubscriptionRow | undefined;
    return row && fromRow(row);
  }

  async inChannel(teamId: string | undefined, channel: string): Promise<Subscription[]> {
    return (this.db.prepare(`SELECT * FROM subscriptions WHERE channel = ? AND ${TEAM} ORDER BY id`).all(channel, ...team(teamId)) as SubscriptionRow[]).map(fromRow);
  }

  async active(): Promise<Subscription[]> {
    return (this.db.prepare("SELECT * FROM subscriptions WHERE status = 'active' ORDER BY id").all() as SubscriptionRow[]).map(fromRow);
  }

  async remove(id: number, teamId?: string): Promise<boolean> {
    return this.db.prepare(`DELETE FROM subscriptions WHERE id = ? AND ${TEAM}`).run(id, ...team(teamId)).changes === 1;
  }

  async pause(id: number, reason: string, teamId?: string): Promise<boolean> {
    return this.db.prepare(`UPDATE subscriptions SET status = 'paused', pause_reason = ? WHERE id = ? AND ${TEAM}`).run(reason, id, ...team(teamId)).changes === 1;
  }

  async resume(id: number, teamId?: string): Promise<boolean> {
    return this.db.prepare(`UPDATE subscriptions SET status = 'active', pause_reason = NULL WHERE id = ? AND ${TEAM}`).run(id, ...team(teamId)).changes === 1;
  }

  async pauseTeam(teamId: string, reason: string): Promise<number> {
    return this.db.prepare("UPDATE subscriptions SET status = 'paused', pause_reason = ? WHERE team_id = ? AND status = 'active'").run(reason, teamId).changes;
  }
}
