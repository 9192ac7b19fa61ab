// A channel's 👍/👎 and which bot message shows which paper, and each person's reading list, on PostgreSQL.
import type pg from 'pg';
import type { ChannelTaste, Vote, VoteKey } from '../feedback.ts';
import type { SavedKey, SavedPaper } from '../saved.ts';
import type { FeedbackStore, SavedStore } from '../types.ts';

export class PgFeedbackStore implements FeedbackStore {
  constructor(private readonly pool: pg.Pool) {}

  async vote(key: VoteKey, value: Vote, source: 'button' | 'reaction' | 'share', at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO feedback (team_id, channel, user_id, paper_id, value, source, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (team_id, channel, user_id, paper_id) DO UPDATE SET value = excluded.value, source = excluded.source, at = excluded.at`,
      [key.teamId, key.channel, key.userId, key.paperId, value, source, at.toISOString()],
    );
  }

  async unvoteReaction(key: VoteKey, value: Vote): Promise<boolean> {
    const res = await this.pool.query("DELETE FROM feedback WHERE team_id = $1 AND channel = $2 AND user_id = $3 AND paper_id = $4 AND value = $5 AND source = 'reaction'", [
      key.teamId,
      key.channel,
      key.userId,
      key.paperId,
      value,
    ]);
    return res.rowCount === 1;
  }

  async unvoteShare(key: VoteKey): Promise<boolean> {
    const res = await this.pool.query("DELETE FROM feedback WHERE team_id = $1 AND channel = $2 AND user_id = $3 AND paper_id = $4 AND source = 'share'", [key.teamId, key.channel, key.userId, key.paperId]);
    return res.rowCount === 1;
  }

  async tally(teamId: string, channel: string, paperId: string): Promise<{ up: number; down: number }> {
    const { rows } = await this.pool.query<{ up: number; down: number }>(
      'SELECT (COUNT(*) FILTER (WHERE value = 1))::int AS up, (COUNT(*) FILTER (WHERE value = -1))::int AS down FROM feedback WHERE team_id = $1 AND channel = $2 AND paper_id = $3',
      [teamId, channel, paperId],
    );
    return { up: rows[0].up, down: rows[0].down };
  }

  /** SQLite's query: each paper once, by the sum of its people's votes, a save from the channel counting as a 👍. */
  async taste(teamId: string, channel: string): Promise<ChannelTaste> {
    const { rows } = await this.pool.query<{ paper_id: string; net: number }>(
      `SELECT paper_id, SUM(value)::int AS net, MAX(at) AS last FROM (
         SELECT paper_id, value, at FROM feedback WHERE team_id = $1 AND channel = $2
         UNION ALL
         SELECT s.paper_id, 1, s.saved_at FROM saved_papers s WHERE s.team_id = $1 AND s.channel = $2
           AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.team_id = s.team_id AND f.channel = s.channel AND f.user_id = s.user_id AND f.paper_id = s.paper_id)
       ) AS votes GROUP BY paper_id ORDER BY MAX(at) COLLATE "C" DESC, paper_id COLLATE "C"`,
      [teamId, channel],
    );
    return { liked: rows.filter((r) => r.net > 0).map((r) => r.paper_id), disliked: rows.filter((r) => r.net < 0).map((r) => r.paper_id) };
  }

  async rememberMessage(teamId: string, channel: string, ts: string, paperId: string, at: Date): Promise<void> {
    await this.pool.query('INSERT INTO paper_messages (team_id, channel, ts, paper_id, posted_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (team_id, channel, ts) DO NOTHING', [
      teamId,
      channel,
      ts,
      paperId,
      at.toISOString(),
    ]);
  }

  async paperOfMessage(teamId: string, channel: string, ts: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ paper_id: string }>('SELECT paper_id FROM paper_messages WHERE team_id = $1 AND channel = $2 AND ts = $3', [teamId, channel, ts]);
    return rows[0]?.paper_id;
  }
}

export class PgSavedStore implements SavedStore {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Saving again moves it to the top (saved_at) and keeps its seq, as SQLite's upsert keeps the rowid. `xmax = 0`
   * holds for a row this statement inserted, not one it updated: "new" comes from the same statement as the write.
   */
  async save(key: SavedKey, channel: string, at: Date): Promise<boolean> {
    const { rows } = await this.pool.query<{ inserted: boolean }>(
      `INSERT INTO saved_papers (team_id, user_id, paper_id, channel, saved_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (team_id, user_id, paper_id) DO UPDATE SET channel = excluded.channel, saved_at = excluded.saved_at
       RETURNING (xmax = 0) AS inserted`,
      [key.teamId, key.userId, key.paperId, channel, at.toISOString()],
    );
    return rows[0].inserted;
  }

  async remove(key: SavedKey): Promise<boolean> {
    const res = await this.pool.query('DELETE FROM saved_papers WHERE team_id = $1 AND user_id = $2 AND paper_id = $3', [key.teamId, key.userId, key.paperId]);
    return res.rowCount === 1;
  }

  async has(key: SavedKey): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM saved_papers WHERE team_id = $1 AND user_id = $2 AND paper_id = $3', [key.teamId, key.userId, key.paperId]);
    return rowCount === 1;
  }

  /** Newest first; seq breaks ties between saves in the same millisecond (SQLite: rowid). LIMIT NULL is no limit. */
  async list(teamId: string, userId: string, page: { offset?: number; limit?: number } = {}): Promise<SavedPaper[]> {
    const { rows } = await this.pool.query<{ paper_id: string; channel: string; saved_at: string }>(
      'SELECT paper_id, channel, saved_at FROM saved_papers WHERE team_id = $1 AND user_id = $2 ORDER BY saved_at DESC, seq DESC LIMIT $3 OFFSET $4',
      [teamId, userId, page.limit ?? null, page.offset ?? 0],
    );
    return rows.map((r) => ({ paperId: r.paper_id, channel: r.channel, savedAt: r.saved_at }));
  }

  async count(teamId: string, userId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM saved_papers WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
    return rows[0].n;
  }

  async ids(teamId: string, userId: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ paper_id: string }>('SELECT paper_id FROM saved_papers WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
    return new Set(rows.map((r) => r.paper_id));
  }
}
