// The digests a person's App Home lists: the ones they run, and those of channels where they saved or voted on papers.
import type { Db } from './database.ts';
import { subscriptionFromRow, type SubscriptionRow } from './rows.ts';
import type { SqliteSubscriptionStore, Subscription } from './subscriptions.ts';
import type { HomeDigests } from './types.ts';

export type { HomeDigests } from './types.ts';

/** At most this many digests on a Home tab (each takes two blocks of the view's 100). */
export const HOME_DIGESTS_MAX = 20;

export class SqliteHomeDigests implements HomeDigests {
  constructor(
    private readonly db: Db,
    private readonly subs: SqliteSubscriptionStore,
  ) {}

  /**
   * Digests `userId` runs (added), then digests of channels where they saved a paper or gave a 👍/👎: the channels
   * the bot knows they read. Slack would tell us every channel they are in only with more scopes (users.conversations).
   */
  async visibleTo(teamId: string, userId: string): Promise<Subscription[]> {
    const rows = this.db
      .prepare(
        `SELECT s.* FROM subscriptions s
         WHERE s.team_id = ? AND (s.creator = ?
           OR s.channel IN (SELECT channel FROM saved_papers WHERE team_id = ? AND user_id = ?)
           OR s.channel IN (SELECT channel FROM feedback WHERE team_id = ? AND user_id = ?))
         ORDER BY (s.creator = ?) DESC, s.id LIMIT ?`,
      )
      .all(teamId, userId, teamId, userId, teamId, userId, userId, HOME_DIGESTS_MAX) as SubscriptionRow[];
    return rows.map(subscriptionFromRow);
  }

  /** Paused from the App Home: the scheduler only sends active digests, so it is skipped from the next tick on. */
  pause(id: number, byUser: string, teamId?: string): Promise<boolean> {
    return this.subs.pause(id, `paused_by_${byUser}`, teamId);
  }
}
