// Workspaces that installed paperbot through OAuth, on PostgreSQL: the same rows and encryption as the SQLite store.
import type pg from 'pg';
import { addressed, fromRow, toRow, type InstallationRow, type InstallationStore, type TokenCipher, type WorkspaceInstall } from '../installations.ts';

/**
 * The table, created if missing. Idempotent, so it can run at every open until it moves into PG_MIGRATIONS (then as
 * it is: IF NOT EXISTS keeps an existing table).
 */
export const PG_INSTALLATIONS_SQL = `
  CREATE TABLE IF NOT EXISTS installations (
    team_id        TEXT NOT NULL DEFAULT '' COLLATE "C",
    enterprise_id  TEXT NOT NULL DEFAULT '' COLLATE "C",
    bot_user_id    TEXT,
    bot_id         TEXT,
    bot_token_enc  TEXT,
    scopes         TEXT NOT NULL DEFAULT '',
    installed_by   TEXT,
    installed_at   TEXT NOT NULL,
    data_enc       TEXT NOT NULL,
    PRIMARY KEY (team_id, enterprise_id)
  );
`;

/** Creates the installations table when it is missing (two replicas starting at once: both succeed). */
export async function ensureInstallationsTable(pool: pg.Pool): Promise<void> {
  try {
    await pool.query(PG_INSTALLATIONS_SQL);
  } catch (err) {
    // CREATE TABLE IF NOT EXISTS is not safe against a concurrent create: the loser hits the catalog's unique index.
    if ((err as { code?: string }).code !== '23505' && (err as { code?: string }).code !== '42P07') throw err;
  }
}

export class PgInstallationStore implements InstallationStore {
  private table?: Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly cipher: TokenCipher,
  ) {}

  /** The table, ensured once before the first query (until it joins PG_MIGRATIONS); a failure is retried next call. */
  private ready(): Promise<void> {
    this.table ??= ensureInstallationsTable(this.pool).catch((err) => {
      this.table = undefined;
      throw err;
    });
    return this.table;
  }

  async save(install: WorkspaceInstall): Promise<void> {
    await this.ready();
    const r = toRow(install, this.cipher);
    await this.pool.query(
      `INSERT INTO installations (team_id, enterprise_id, bot_user_id, bot_id, bot_token_enc, scopes, installed_by, installed_at, data_enc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (team_id, enterprise_id) DO UPDATE SET bot_user_id = EXCLUDED.bot_user_id, bot_id = EXCLUDED.bot_id,
         bot_token_enc = EXCLUDED.bot_token_enc, scopes = EXCLUDED.scopes, installed_by = EXCLUDED.installed_by,
         installed_at = EXCLUDED.installed_at, data_enc = EXCLUDED.data_enc`,
      [r.team_id, r.enterprise_id, r.bot_user_id, r.bot_id, r.bot_token_enc, r.scopes, r.installed_by, r.installed_at, r.data_enc],
    );
  }

  async fetch(teamId: string, enterpriseId?: string): Promise<WorkspaceInstall | undefined> {
    await this.ready();
    const a = addressed(teamId, enterpriseId);
    if (!a) return undefined;
    const { rows } = await this.pool.query<InstallationRow>('SELECT * FROM installations WHERE team_id = $1 AND ($2::text IS NULL OR enterprise_id = $2) ORDER BY enterprise_id LIMIT 1', [a.teamId, a.enterpriseId ?? null]);
    return rows[0] && fromRow(rows[0], this.cipher);
  }

  async delete(teamId: string, enterpriseId?: string): Promise<boolean> {
    await this.ready();
    const a = addressed(teamId, enterpriseId);
    if (!a) return false;
    const res = await this.pool.query('DELETE FROM installations WHERE team_id = $1 AND ($2::text IS NULL OR enterprise_id = $2)', [a.teamId, a.enterpriseId ?? null]);
    return (res.rowCount ?? 0) > 0;
  }

  async teams(): Promise<string[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ team_id: string }>("SELECT DISTINCT team_id FROM installations WHERE team_id != '' ORDER BY team_id");
    return rows.map((r) => r.team_id);
  }
}
