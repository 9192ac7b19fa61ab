// The installations table (SQLite and PostgreSQL): tokens only ever stored encrypted, each workspace's row apart from
// the others', Bolt's Installation back as it came, and an uninstall that forgets one workspace and pauses its digests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Installation } from '@slack/bolt';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appUninstalled } from '../../src/listeners/events/app-uninstalled.ts';
import { tokensRevoked } from '../../src/listeners/events/tokens-revoked.ts';
import { createLog } from '../../src/log.ts';
import { boltInstallationStore, fromBolt, tokenFor } from '../../src/slack/oauth.ts';
import { TokenCipher, TokenDecryptError } from '../../src/slack/token-crypto.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { SqliteInstallationStore, type InstallationStore } from '../../src/store/installations.ts';
import { PgInstallationStore } from '../../src/store/postgres/installations.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { SqliteSubscriptionStore } from '../../src/store/subscriptions.ts';
import { describePostgres, useTestDatabase } from '../support/postgres.ts';

const KEY = randomBytes(32);
const TOKEN_A = 'xoxb-1111-aaaa-tokenOfWorkspaceA';
const TOKEN_B = 'xoxb-2222-bbbb-tokenOfWorkspaceB';
const USER_TOKEN_A = 'xoxp-1111-aaaa-userTokenOfInstaller';

function installation(team: string, token: string, over: Partial<Installation> = {}): Installation {
  return {
    team: { id: team, name: `Lab ${team}` },
    enterprise: undefined,
    user: { id: `U${team}`, token: team === 'TA' ? USER_TOKEN_A : undefined, scopes: undefined },
    bot: { token, scopes: ['commands', 'chat:write'], id: `B${team}`, userId: `UBOT${team}` },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0PAPER',
    authVersion: 'v2',
    ...over,
  } as Installation;
}

const silent = () => createLog('error', new Writable({ write: (_c, _e, cb) => cb() }));

/** The behaviour both stores share; `raw` reads every stored column of every row as text. */
function contract(make: () => { store: InstallationStore; raw: () => Promise<string[]>; other: (cipher: TokenCipher) => InstallationStore }) {
  it('keeps each workspace apart: fetch, teams and delete name one workspace', async () => {
    const { store } = make();
    await store.save(fromBolt(installation('TA', TOKEN_A)));
    await store.save(fromBolt(installation('TB', TOKEN_B)));
    expect((await store.fetch('TA'))?.botToken).toBe(TOKEN_A);
    expect((await store.fetch('TB'))?.botToken).toBe(TOKEN_B);
    expect(await store.fetch('TC')).toBeUndefined();
    expect(await store.fetch('')).toBeUndefined();
    expect(await store.teams()).toEqual(['TA', 'TB']);
    expect(await store.delete('TA')).toBe(true);
    expect(await store.delete('TA')).toBe(false);
    expect(await store.fetch('TA')).toBeUndefined();
    expect((await store.fetch('TB'))?.botToken).toBe(TOKEN_B);
    expect(await store.teams()).toEqual(['TB']);
  });

  it('never stores a token in the clear, in any column', async () => {
    const { store, raw } = make();
    await store.save(fromBolt(installation('TA', TOKEN_A)));
    const text = (await raw()).join('\n');
    expect(text).toContain('v1:');
    for (const secret of [TOKEN_A, USER_TOKEN_A, 'tokenOfWorkspaceA', 'userTokenOfInstaller', 'xoxb-', 'xoxp-']) expect(text).not.toContain(secret);
  });

  it('a reinstall replaces the token', async () => {
    const { store } = make();
    await store.save(fromBolt(installation('TA', TOKEN_A)));
    await store.save(fromBolt(installation('TA', 'xoxb-1111-aaaa-newToken')));
    expect((await store.fetch('TA'))?.botToken).toBe('xoxb-1111-aaaa-newToken');
    expect(await store.teams()).toEqual(['TA']);
  });

  it('read with another key: a clear TokenDecryptError, not a token', async () => {
    const { store, other } = make();
    await store.save(fromBolt(installation('TA', TOKEN_A)));
    const wrong = other(new TokenCipher(randomBytes(32)));
    await expect(wrong.fetch('TA')).rejects.toThrow(TokenDecryptError);
    await expect(tokenFor(wrong, 'TA')).rejects.toThrow(/TOKEN_ENCRYPTION_KEY/);
  });

  it('an org-wide install is found by its enterprise id, and only with it', async () => {
    const { store } = make();
    await store.save(fromBolt(installation('TA', TOKEN_A, { team: undefined, enterprise: { id: 'E1', name: 'Uni' }, isEnterpriseInstall: true } as Partial<Installation>)));
    expect((await store.fetch('', 'E1'))?.botToken).toBe(TOKEN_A);
    expect(await store.fetch('', 'E2')).toBeUndefined();
    expect(await store.fetch('')).toBeUndefined();
    expect(await store.teams()).toEqual([]);
    expect(await store.delete('')).toBe(false);
    expect(await store.delete('', 'E1')).toBe(true);
  });
}

describe('SQLite installations', () => {
  let dir: string;
  let db: Db;
  const cipher = new TokenCipher(KEY);
  const open = () => {
    db = openDatabase(join(dir, 'paperbot.db'));
    return db;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperbot-oauth-'));
    open();
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  contract(() => ({
    store: new SqliteInstallationStore(db, cipher),
    raw: async () => (db.prepare('SELECT * FROM installations').all() as Array<Record<string, unknown>>).flatMap((r) => Object.values(r).map(String)),
    other: (c) => new SqliteInstallationStore(db, c),
  }));

  it('survives a restart: the file, reopened with the same key, gives the token back', async () => {
    await new SqliteInstallationStore(db, cipher).save(fromBolt(installation('TA', TOKEN_A)));
    db.close();
    open();
    expect(await tokenFor(new SqliteInstallationStore(db, new TokenCipher(Buffer.from(KEY))), 'TA')).toBe(TOKEN_A);
  });

  it("a token copied into another workspace's row does not decrypt there", async () => {
    const store = new SqliteInstallationStore(db, cipher);
    await store.save(fromBolt(installation('TA', TOKEN_A)));
    await store.save(fromBolt(installation('TB', TOKEN_B)));
    db.prepare("UPDATE installations SET bot_token_enc = (SELECT bot_token_enc FROM installations WHERE team_id = 'TA') WHERE team_id = 'TB'").run();
    await expect(store.fetch('TB')).rejects.toThrow(TokenDecryptError);
    expect((await store.fetch('TA'))?.botToken).toBe(TOKEN_A);
  });

  it("Bolt's store: the Installation comes back whole (user token too), found by the query Bolt's authorize makes", async () => {
    const bolt = boltInstallationStore(new SqliteInstallationStore(db, cipher), silent());
    const a = installation('TA', TOKEN_A);
    await bolt.storeInstallation(a);
    expect(await bolt.fetchInstallation({ teamId: 'TA', enterpriseId: undefined, isEnterpriseInstall: false })).toEqual(a);
    await expect(bolt.fetchInstallation({ teamId: 'TB', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no installation for team TB/);
    await bolt.deleteInstallation!({ teamId: 'TA', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(bolt.fetchInstallation({ teamId: 'TA', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow();
  });

  describe('uninstall and revocation', () => {
    const settings = { topic: 'robustness', time: '09:00', timezone: 'UTC', days: 'weekdays' as const, count: 3, notifyEmpty: false };
    const setup = async () => {
      const installations = new SqliteInstallationStore(db, cipher);
      const subscriptions = new SqliteSubscriptionStore(db);
      await installations.save(fromBolt(installation('TA', TOKEN_A)));
      await installations.save(fromBolt(installation('TB', TOKEN_B)));
      const at = new Date('2025-01-06T08:00:00Z');
      const a = await subscriptions.add('C1', 'UA', settings, at, 'TA');
      const b = await subscriptions.add('C1', 'UB', settings, at, 'TB');
      const chunks: string[] = [];
      const log = createLog('info', new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) }));
      return { installations, subscriptions, a, b, deps: { installations, subscriptions, log }, logText: () => chunks.join('') };
    };

    it("app_uninstalled deletes that workspace's tokens and pauses its digests only", async () => {
      const { installations, subscriptions, a, b, deps, logText } = await setup();
      await appUninstalled({ context: { teamId: 'TA', isEnterpriseInstall: false }, body: { team_id: 'TA' } } as any, deps);
      expect(await installations.fetch('TA')).toBeUndefined();
      expect(await tokenFor(installations, 'TA')).toBeUndefined();
      expect((await subscriptions.get(a.id))?.status).toBe('paused');
      expect((await subscriptions.get(a.id))?.pauseReason).toMatch(/uninstalled/);
      expect(await tokenFor(installations, 'TB')).toBe(TOKEN_B);
      expect((await subscriptions.get(b.id))?.status).toBe('active');
      const line = JSON.parse(logText().trim().split('\n').at(-1)!);
      expect(line).toMatchObject({ event: 'app_uninstalled', team: 'TA', installation_deleted: true, digests_paused: 1 });
      expect(logText()).not.toContain('xox');
    });

    it('tokens_revoked for the bot forgets the workspace; for user tokens only, changes nothing', async () => {
      const { installations, subscriptions, a, b, deps } = await setup();
      await tokensRevoked({ context: { teamId: 'TB' }, body: { team_id: 'TB' }, event: { type: 'tokens_revoked', tokens: { oauth: ['UTB'] } } } as any, deps);
      expect(await tokenFor(installations, 'TB')).toBe(TOKEN_B);
      expect((await subscriptions.get(b.id))?.status).toBe('active');
      await tokensRevoked({ context: { teamId: 'TB' }, body: { team_id: 'TB' }, event: { type: 'tokens_revoked', tokens: { bot: ['UBOTTB'] } } } as any, deps);
      expect(await tokenFor(installations, 'TB')).toBeUndefined();
      expect((await subscriptions.get(b.id))?.status).toBe('paused');
      expect(await tokenFor(installations, 'TA')).toBe(TOKEN_A);
      expect((await subscriptions.get(a.id))?.status).toBe('active');
    });
  });
});

describePostgres('PostgreSQL installations', () => {
  const database = useTestDatabase();
  let pool: pg.Pool | undefined;
  const cipher = new TokenCipher(KEY);
  const connect = async () => {
    if (!pool) {
      pool = new pg.Pool({ connectionString: database().url });
      await (await openPostgresStore(database().url)).close(); // migrates: the installations table
    }
    await pool.query('DELETE FROM installations');
    return pool;
  };
  afterAll(async () => {
    await pool?.end();
  });
  let p: pg.Pool;
  beforeEach(async () => {
    p = await connect();
  });

  contract(() => ({
    store: new PgInstallationStore(p, cipher),
    raw: async () => (await p.query('SELECT * FROM installations')).rows.flatMap((r) => Object.values(r).map(String)),
    other: (c) => new PgInstallationStore(p, c),
  }));
});
