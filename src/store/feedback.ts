// A channel's 👍/👎 on papers (Relevant / Not for us buttons, +1/-1 reactions), and which bot message shows which paper.
import { DeferredWrites, type Db } from './database.ts';
import type { FeedbackStore } from './types.ts';

export type { FeedbackStore } from './types.ts';

export type Vote = 1 | -1;

export interface ChannelTaste {
  /** Papers the channel marked relevant (more 👍 than 👎 among its people), newest first. */
  liked: string[];
  /** Papers the channel marked not for us, newest first. */
  disliked: string[];
}

export interface VoteKey {
  /** Workspace id ('' when Slack did not say, e.g. the local console). */
  teamId: string;
  channel: string;
  userId: string;
  paperId: string;
}

export class SqliteFeedbackStore implements FeedbackStore {
  /** Votes and remembered messages come from Slack requests: never wait on another process's lock (see DeferredWrites). */
  private readonly writes: DeferredWrites;

  constructor(private readonly db: Db) {
    this.writes = new DeferredWrites(db);
  }

  /**
   * Records one person's 👍 or 👎 on a paper in a channel; a later vote replaces their earlier one. A paper link they
   * shared in the channel counts as their 👍 (source `share`, see src/links/shares.ts).
   */
  async vote(key: VoteKey, value: Vote, source: 'button' | 'reaction' | 'share', at: Date): Promise<void> {
    this.writes.run(() =>
      this.db
        .prepare(
          `INSERT INTO feedback (team_id, channel, user_id, paper_id, value, source, at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (team_id, channel, user_id, paper_id) DO UPDATE SET value = excluded.value, source = excluded.source, at = excluded.at`,
        )
        .run(key.teamId, key.channel, key.userId, key.paperId, value, source, at.toISOString()),
    );
  }

  /**
   * Takes back a vote given by a reaction (reaction_removed). Only that vote: a button click given since is kept.
   * Returns whether a vote was removed (false too when the removal was queued behind another process's lock).
   */
  async unvoteReaction(key: VoteKey, value: Vote): Promise<boolean> {
    let removed = false;
    this.writes.run(() => {
      removed = this.db
        .prepare("DELETE FROM feedback WHERE team_id = ? AND channel = ? AND user_id = ? AND paper_id = ? AND value = ? AND source = 'reaction'")
        .run(key.teamId, key.channel, key.userId, key.paperId, value).changes === 1;
    });
    return removed;
  }

  /** Takes back the 👍 a share gave (`/paper forget`); a vote the person gave since, by button or reaction, is kept. */
  async unvoteShare(key: VoteKey): Promise<boolean> {
    return (
      this.db
        .prepare("DELETE FROM feedback WHERE team_id = ? AND channel = ? AND user_id = ? AND paper_id = ? AND source = 'share'")
        .run(key.teamId, key.channel, key.userId, key.paperId).changes === 1
    );
  }

  /** The channel's 👍 and 👎 counts on a paper. */
  async tally(teamId: string, channel: string, paperId: string): Promise<{ up: number; down: number }> {
    const row = this.db
      .prepare('SELECT SUM(value = 1) AS up, SUM(value = -1) AS down FROM feedback WHERE team_id = ? AND channel = ? AND paper_id = ?')
      .get(teamId, channel, paperId) as { up: number | null; down: number | null };
    return { up: row.up ?? 0, down: row.down ?? 0 };
  }

  /**
   * What the channel likes and dislikes: each paper counts once, by the sum of its people's votes. A paper someone
   * saved to their reading list from this channel counts as their 👍, unless they voted on it here themselves.
   */
  async taste(teamId: string, channel: string): Promise<ChannelTaste> {
    const rows = this.db
      .prepare(
        `SELECT paper_id, SUM(value) AS net, MAX(at) AS last FROM (
           SELECT paper_id, value, at FROM feedback WHERE team_id = ? AND channel = ?
           UNION ALL
           SELECT s.paper_id, 1, s.saved_at FROM saved_papers s WHERE s.team_id = ? AND s.channel = ?
             AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.team_id = s.team_id AND f.channel = s.channel AND f.user_id = s.user_id AND f.paper_id = s.paper_id)
         ) GROUP BY paper_id ORDER BY last DESC, paper_id`,
      )
      .all(teamId, channel, teamId, channel) as Array<{ paper_id: string; net: number }>;
    return { liked: rows.filter((r) => r.net > 0).map((r) => r.paper_id), disliked: rows.filter((r) => r.net < 0).map((r) => r.paper_id) };
  }

  /** Remembers that the bot's message `ts` in `channel` shows one paper (a shared card, a one-paper digest). */
  async rememberMessage(teamId: string, channel: string, ts: string, paperId: string, at: Date): Promise<void> {
    this.writes.run(() =>
      this.db
        .prepare('INSERT INTO paper_messages (team_id, channel, ts, paper_id, posted_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, channel, ts) DO NOTHING')
        .run(teamId, channel, ts, paperId, at.toISOString()),
    );
  }

  /** The paper a bot message shows, when it shows exactly one. */
  async paperOfMessage(teamId: string, channel: string, ts: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT paper_id FROM paper_messages WHERE team_id = ? AND channel = ? AND ts = ?').get(teamId, channel, ts) as { paper_id: string } | undefined;
    return row?.paper_id;
  }
}
