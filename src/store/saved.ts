// Each person's reading list: the papers they saved, per workspace, newest first, and where each save happened.
import type { Db } from './database.ts';
import type { SavedStore } from './types.ts';

export type { SavedStore } from './types.ts';

export interface SavedKey {
  /** Workspace id ('' when Slack did not say, e.g. the local console). */
  teamId: string;
  userId: string;
  paperId: string;
}

export interface SavedPaper {
  paperId: string;
  /** The channel the Save was clicked in ('' for the App Home and DMs without one). */
  channel: string;
  savedAt: string;
}

export class SqliteSavedStore implements SavedStore {
  constructor(private readonly db: Db) {}

  /**
   * Saves a paper to the person's list. Saving it again moves it to the top and records the newer channel.
   * Returns true when it was not saved before.
   */
  async save(key: SavedKey, channel: string, at: Date): Promise<boolean> {
    const before = await this.has(key);
    this.db
      .prepare(
        `INSERT INTO saved_papers (team_id, user_id, paper_id, channel, saved_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (team_id, user_id, paper_id) DO UPDATE SET channel = excluded.channel, saved_at = excluded.saved_at`,
      )
      .run(key.teamId, key.userId, key.paperId, channel, at.toISOString());
    return !before;
  }

  /** Takes a paper off the list; returns whether it was on it. */
  async remove(key: SavedKey): Promise<boolean> {
    return this.db.prepare('DELETE FROM saved_papers WHERE team_id = ? AND user_id = ? AND paper_id = ?').run(key.teamId, key.userId, key.paperId).changes === 1;
  }

  async has(key: SavedKey): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM saved_papers WHERE team_id = ? AND user_id = ? AND paper_id = ?').get(key.teamId, key.userId, key.paperId) !== undefined;
  }

  /** The person's saved papers, newest first (`rowid` breaks ties between saves in the same millisecond). */
  async list(teamId: string, userId: string, page: { offset?: number; limit?: number } = {}): Promise<SavedPaper[]> {
    const rows = this.db
      .prepare('SELECT paper_id, channel, saved_at FROM saved_papers WHERE team_id = ? AND user_id = ? ORDER BY saved_at DESC, rowid DESC LIMIT ? OFFSET ?')
      .all(teamId, userId, page.limit ?? -1, page.offset ?? 0) as Array<{ paper_id: string; channel: string; saved_at: string }>;
    return rows.map((r) => ({ paperId: r.paper_id, channel: r.channel, savedAt: r.saved_at }));
  }

  async count(teamId: string, userId: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM saved_papers WHERE team_id = ? AND user_id = ?').get(teamId, userId) as { n: number }).n;
  }

  /** The ids the person saved (to mark cards "Saved ✓"). */
  async ids(teamId: string, userId: string): Promise<Set<string>> {
    const rows = this.db.prepare('SELECT paper_id FROM saved_papers WHERE team_id = ? AND user_id = ?').all(teamId, userId) as Array<{ paper_id: string }>;
    return new Set(rows.map((r) => r.paper_id));
  }
}
