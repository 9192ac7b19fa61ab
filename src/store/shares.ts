// The lab's memory of shared links: which paper, who shared it, in which channel, when. Nothing else of the message.
import type { Db } from './database.ts';
import { shareFromRow, type ShareRow } from './rows.ts';
import type { ShareStore } from './types.ts';

export type { ShareStore } from './types.ts';

export interface Share {
  /** Workspace id ('' when Slack did not say). */
  teamId: string;
  channel: string;
  /** The message the link was in (its ts): one share per message and paper. */
  messageTs: string;
  userId: string;
  paperId: string;
  /** The link as posted (what `/paper forget <link>` may be given back). */
  url: string;
  at: Date;
}

export interface ShareQuery {
  teamId: string;
  /** Only shares at or after this time. */
  since?: Date;
  /** Only these papers (a word search's matches). */
  paperIds?: ReadonlySet<string>;
  /** Most rows returned. Default 200. */
  limit?: number;
}

export class SqliteShareStore implements ShareStore {
  constructor(private readonly db: Db) {}

  /** Remembers a share; false when this message's share of the paper was already recorded (a Slack retry, an edit). */
  async record(s: Share): Promise<boolean> {
    return (
      this.db
        .prepare('INSERT INTO shares (team_id, channel, message_ts, user_id, paper_id, url, shared_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(s.teamId, s.channel, s.messageTs, s.userId, s.paperId, s.url, s.at.toISOString()).changes === 1
    );
  }

  /** The workspace's shares, newest first. */
  async list(q: ShareQuery): Promise<Share[]> {
    const rows = this.db
      .prepare(`SELECT * FROM shares WHERE team_id = ? AND shared_at >= ? ORDER BY shared_at DESC, message_ts DESC, paper_id LIMIT ?`)
      .all(q.teamId, (q.since ?? new Date(0)).toISOString(), q.paperIds ? -1 : (q.limit ?? 200)) as ShareRow[];
    const out = rows.map(shareFromRow).filter((s) => !q.paperIds || q.paperIds.has(s.paperId));
    return out.slice(0, q.limit ?? 200);
  }

  /** The latest share of a paper in the workspace (what a card's "shared by" line names). */
  async latest(teamId: string, paperId: string): Promise<Share | undefined> {
    const row = this.db.prepare('SELECT * FROM shares WHERE team_id = ? AND paper_id = ? ORDER BY shared_at DESC LIMIT 1').get(teamId, paperId) as ShareRow | undefined;
    return row ? shareFromRow(row) : undefined;
  }

  /** Removes one person's shares of a paper (every channel); returns what was removed. */
  async forget(teamId: string, userId: string, paperId: string): Promise<Share[]> {
    return this.db.transaction(() => {
      const rows = this.db.prepare('SELECT * FROM shares WHERE team_id = ? AND user_id = ? AND paper_id = ?').all(teamId, userId, paperId) as ShareRow[];
      this.db.prepare('DELETE FROM shares WHERE team_id = ? AND user_id = ? AND paper_id = ?').run(teamId, userId, paperId);
      return rows.map(shareFromRow);
    })();
  }
}
