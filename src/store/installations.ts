// Workspaces that installed paperbot through OAuth (SQLite), with each bot token encrypted at rest.
import { whenUnlocked, type Db } from './database.ts';

/**
 * How secrets are sealed for storage (src/slack/token-crypto.ts's TokenCipher, AES-256-GCM). `context` binds a value
 * to where it is stored: decrypting with another context fails.
 */
export interface TokenCipher {
  encrypt(plain: string, context: string): string;
  decrypt(stored: string, context: string): string;
}

/** One workspace's (or org's) installation, decrypted. */
export interface WorkspaceInstall {
  /** The workspace (team_id); '' for an org-wide install. */
  teamId: string;
  /** The Enterprise Grid org; '' outside one. */
  enterpriseId: string;
  botUserId?: string;
  botId?: string;
  /** `xoxb-…`; undefined for an install without a bot (paperbot always asks for one). */
  botToken?: string;
  scopes: string[];
  /** Who installed it (a user id). */
  installedBy?: string;
  installedAt: Date;
  /**
   * The rest of what Slack answered (Bolt's Installation without the bot token), opaque to the store and stored
   * encrypted: it can hold the installer's user token and token-rotation fields.
   */
  data: Record<string, unknown>;
}

/** Installations by workspace. Every method names the workspace: nothing reads or deletes another one's row. */
export interface InstallationStore {
  /** Inserts or replaces the installation of (teamId, enterpriseId): a reinstall brings a new token. */
  save(install: WorkspaceInstall): Promise<void>;
  /** `enterpriseId` omitted: the workspace install of `teamId`, whatever its org. An org install: teamId ''. */
  fetch(teamId: string, enterpriseId?: string): Promise<WorkspaceInstall | undefined>;
  /** Deletes it with its tokens; false when there was none. Same matching as `fetch`. */
  delete(teamId: string, enterpriseId?: string): Promise<boolean>;
  /** The workspaces installed (org-wide installs, with no team, are not listed), sorted. */
  teams(): Promise<string[]>;
}

export interface InstallationRow {
  team_id: string;
  enterprise_id: string;
  bot_user_id: string | null;
  bot_id: string | null;
  bot_token_enc: string | null;
  scopes: string;
  installed_by: string | null;
  installed_at: string;
  data_enc: string;
}

/**
 * Encryption context of a row's two secrets (GCM additional data): a value copied into another workspace's row, or
 * into the other column, fails to decrypt.
 */
function context(teamId: string, enterpriseId: string, column: 'bot_token' | 'data'): string {
  return `installations:${enterpriseId}:${teamId}:${column}`;
}

/** The row to write for `install` (shared with the PostgreSQL store). */
export function toRow(install: WorkspaceInstall, cipher: TokenCipher): InstallationRow {
  const { teamId, enterpriseId } = install;
  return {
    team_id: teamId,
    enterprise_id: enterpriseId,
    bot_user_id: install.botUserId ?? null,
    bot_id: install.botId ?? null,
    bot_token_enc: install.botToken ? cipher.encrypt(install.botToken, context(teamId, enterpriseId, 'bot_token')) : null,
    scopes: install.scopes.join(','),
    installed_by: install.installedBy ?? null,
    installed_at: install.installedAt.toISOString(),
    data_enc: cipher.encrypt(JSON.stringify(install.data), context(teamId, enterpriseId, 'data')),
  };
}

/** The installation a row holds (TokenDecryptError when the key or the row is not the one it was written with). */
export function fromRow(row: InstallationRow, cipher: TokenCipher): WorkspaceInstall {
  const { team_id: teamId, enterprise_id: enterpriseId } = row;
  return {
    teamId,
    enterpriseId,
    botUserId: row.bot_user_id ?? undefined,
    botId: row.bot_id ?? undefined,
    botToken: row.bot_token_enc ? cipher.decrypt(row.bot_token_enc, context(teamId, enterpriseId, 'bot_token')) : undefined,
    scopes: row.scopes ? row.scopes.split(',') : [],
    installedBy: row.installed_by ?? undefined,
    installedAt: new Date(row.installed_at),
    data: JSON.parse(cipher.decrypt(row.data_enc, context(teamId, enterpriseId, 'data'))) as Record<string, unknown>,
  };
}

/**
 * Which rows `fetch` and `delete` address: undefined when the arguments name none (an org install needs its
 * enterprise id; '' alone would match any org's).
 */
export function addressed(teamId: string, enterpriseId?: string): { teamId: string; enterpriseId?: string } | undefined {
  if (teamId === '' && !enterpriseId) return undefined;
  return { teamId, enterpriseId: enterpriseId || undefined };
}

export class SqliteInstallationStore implements InstallationStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: TokenCipher,
  ) {}

  async save(install: WorkspaceInstall): Promise<void> {
    const r = toRow(install, this.cipher);
    // An install is rare and nobody waits on it but the installer's browser: wait out another process's lock.
    await whenUnlocked(this.db, () =>
      this.db
        .prepare(
          `INSERT INTO installations (team_id, enterprise_id, bot_user_id, bot_id, bot_token_enc, scopes, installed_by, installed_at, data_enc)
           VALUES (@team_id, @enterprise_id, @bot_user_id, @bot_id, @bot_token_enc, @scopes, @installed_by, @installed_at, @data_enc)
           ON CONFLICT (team_id, enterprise_id) DO UPDATE SET bot_user_id = excluded.bot_user_id, bot_id = excluded.bot_id,
             bot_token_enc = excluded.bot_token_enc, scopes = excluded.scopes, installed_by = excluded.installed_by,
             installed_at = excluded.installed_at, data_enc = excluded.data_enc`,
        )
        .run(r),
    );
  }

  async fetch(teamId: string, enterpriseId?: string): Promise<WorkspaceInstall | undefined> {
    const a = addressed(teamId, enterpriseId);
    if (!a) return undefined;
    const row = this.db.prepare('SELECT * FROM installations WHERE team_id = ? AND (? IS NULL OR enterprise_id = ?) ORDER BY enterprise_id LIMIT 1').get(a.teamId, a.enterpriseId ?? null, a.enterpriseId ?? null) as InstallationRow | undefined;
    return row && fromRow(row, this.cipher);
  }

  async delete(teamId: string, enterpriseId?: string): Promise<boolean> {
    const a = addressed(teamId, enterpriseId);
    if (!a) return false;
    const info = await whenUnlocked(this.db, () => this.db.prepare('DELETE FROM installations WHERE team_id = ? AND (? IS NULL OR enterprise_id = ?)').run(a.teamId, a.enterpriseId ?? null, a.enterpriseId ?? null));
    return info.changes > 0;
  }

  async teams(): Promise<string[]> {
    return (this.db.prepare("SELECT DISTINCT team_id FROM installations WHERE team_id != '' ORDER BY team_id").all() as Array<{ team_id: string }>).map((r) => r.team_id);
  }
}
