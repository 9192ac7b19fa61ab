// Workspaces that installed paperbot through OAuth, on PostgreSQL: the same rows and encryption as the SQLite store.
import type pg from 'pg';
import { addressed, fromRow, toRow, type InstallationRow, type InstallationStore, type TokenCipher, type WorkspaceInstall } from '../installations.ts';

export class PgInstallationStore implements InstallationStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly cipher: TokenCipher,
  ) {}

  async save(install: WorkspaceInstall): Promise<void> {
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
    const a = addressed(teamId, enterpriseId);
    if (!a) return undefined;
    const { rows } = await this.pool.query<InstallationRow>('SELECT * FROM installations WHERE team_id = $1 AND ($2::text IS NULL OR enterprise_id = $2) ORDER BY enterprise_id LIMIT 1', [a.teamId, a.enterpriseId ?? null]);
    return rows[0] && fromRow(rows[0], this.cipher);
  }

  async delete(teamId: string, enterpriseId?: string): Promise<boolean> {
    const a = addressed(teamId, enterpriseId);
    if (!a) return false;
    const res = await this.pool.query('DELETE FROM installations WHERE team_id = $1 AND ($2::text IS NULL OR enterprise_id = $2)', [a.teamId, a.enterpriseId ?? null]);
    return (res.rowCount ?? 0) > 0;
  }

  async teams(): Promise<string[]> {
    const { rows } = await this.pool.query<{ team_id: string }>("SELECT DISTINCT team_id FROM installations WHERE team_id != '' ORDER BY team_id");
    return rows.map((r) => r.team_id);
  }
}
