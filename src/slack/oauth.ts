// Installing paperbot in many workspaces: Bolt's OAuth flow (/slack/install, /slack/oauth_redirect) over the
// installations table, the token of each workspace for digests, and forgetting a workspace that uninstalls.
//
// Bolt's InstallProvider does the flow (state cookie + signed state, oauth.v2.access, auth.test) and, as the App's
// `authorize`, looks up the installation of the workspace each request comes from: every listener's `client` then
// carries that workspace's bot token. https://docs.slack.dev/tools/bolt-js/concepts/authenticating-oauth/
import type { ServerResponse } from 'node:http';
import type { Installation, InstallationQuery, InstallationStore as BoltInstallationStore, webApi } from '@slack/bolt';
import type { Log } from '../log.ts';
import type { InstallationStore, WorkspaceInstall } from '../store/installations.ts';

/** The bot scopes asked for at install; the same list as manifest.yml's oauth_config.scopes.bot (a test compares them). */
export const BOT_SCOPES: readonly string[] = ['commands', 'app_mentions:read', 'chat:write', 'im:history', 'users:read', 'reactions:read', 'links:read', 'links:write', 'files:write'];

/** Where the flow is served (Bolt's defaults, named here so the manifest and docs can say them). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The OAuth app credentials (config.slack.oauth). */
export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  /** Signs the `state` parameter (Bolt's ClearStateStore), so a callback must come from an install this bot started. */
  stateSecret: string;
}

/** What Bolt's HTTPReceiver takes to run the flow (spread into its options). */
export interface ReceiverOAuthOptions extends OAuthCredentials {
  scopes: string[];
  installationStore: BoltInstallationStore;
  installerOptions: {
    installPath: string;
    redirectUriPath: string;
    /** oauth.v2.access and auth.test go through these (slackApiUrl in tests). */
    clientOptions: webApi.WebClientOptions;
    callbackOptions: {
      success: (installation: Installation, options: unknown, req: unknown, res: ServerResponse) => void;
      failure: (error: Error & { code?: string }, options: unknown, req: unknown, res: ServerResponse) => void;
    };
  };
}

/**
 * The HTTPReceiver options that turn on OAuth: the flow's paths, Bolt's installation store over `installations`,
 * and short pages for the installer's browser. Installs and failures are logged as one line each.
 */
export function oauthOptions(creds: OAuthCredentials, installations: InstallationStore, log: Log, clientOptions: webApi.WebClientOptions): ReceiverOAuthOptions {
  return {
    ...creds,
    scopes: [...BOT_SCOPES],
    installationStore: boltInstallationStore(installations, log),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      clientOptions,
      callbackOptions: {
        success: (installation, _options, _req, res) => {
          const name = installation.team?.name ?? installation.enterprise?.name ?? 'your workspace';
          page(res, 200, 'paperbot is installed', `paperbot is now in ${escapeHtml(name)}. In Slack, <code>/invite @paperbot</code> to the channels where papers are shared, then try <code>/paper help</code>.`);
        },
        failure: (error, _options, _req, res) => {
          log.warn({ event: 'oauth_failed', error: error.code ?? 'unknown' }, 'an OAuth install did not complete');
          page(res, 400, 'paperbot was not installed', 'The install did not complete (it was cancelled, took too long, or was started in another browser). Start again from the install link.');
        },
      },
    },
  };
}

/** Bolt's InstallationStore interface over ours: Bolt's Installation in, the same Installation out. */
export function boltInstallationStore(installations: InstallationStore, log: Log): BoltInstallationStore {
  return {
    async storeInstallation(installation) {
      const install = fromBolt(installation as Installation);
      await installations.save(install);
      // One line per install, never a token: who, where, what was granted.
      log.info({ event: 'app_installed', team: install.teamId || undefined, enterprise: install.enterpriseId || undefined, installed_by: install.installedBy, bot_user: install.botUserId, scopes: install.scopes.length }, 'paperbot installed in a workspace');
    },
    async fetchInstallation(query) {
      const install = await fetchFor(installations, query);
      // Bolt's authorize turns this throw into an AuthorizationError: no listener runs without the workspace's token.
      if (!install) throw new Error(`no installation for team ${query.teamId ?? '-'} (enterprise ${query.enterpriseId ?? '-'})`);
      return toBolt(install);
    },
    async deleteInstallation(query) {
      const a = address(query);
      if (a) await installations.delete(a.teamId, a.enterpriseId);
    },
  };
}

/**
 * The bot token of a workspace installed through OAuth (digests post with it), or undefined when it is not installed
 * (uninstalled since, or never). Throws TokenDecryptError when TOKEN_ENCRYPTION_KEY is not the key it was stored with.
 */
export async function tokenFor(installations: InstallationStore, teamId: string): Promise<string | undefined> {
  if (!teamId) return undefined;
  return (await installations.fetch(teamId))?.botToken;
}

/** What forgetting a workspace needs: its installation (none with a single SLACK_BOT_TOKEN) and its digests. */
export interface WorkspaceLifecycle {
  installations?: InstallationStore;
  subscriptions: { pauseTeam(teamId: string, reason: string): Promise<number> };
  log: Log;
}

/** The workspace (or org) an uninstall or revocation is about: from the event's envelope, as Bolt's context has it. */
export interface WorkspaceRef {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

/**
 * The app was uninstalled, or its bot token revoked: delete the installation (its tokens are dead, and keeping them
 * only keeps a secret) and pause the workspace's digests, so the scheduler stops posting with no token. One log line.
 */
export async function forgetWorkspace(deps: WorkspaceLifecycle, ref: WorkspaceRef, why: 'app_uninstalled' | 'tokens_revoked'): Promise<{ deleted: boolean; paused: number }> {
  const teamId = ref.teamId ?? '';
  const installs = deps.installations;
  const deleted = !installs ? false : ref.isEnterpriseInstall && ref.enterpriseId ? await installs.delete('', ref.enterpriseId) : teamId ? await installs.delete(teamId, ref.enterpriseId) : false;
  const paused = teamId ? await deps.subscriptions.pauseTeam(teamId, why === 'app_uninstalled' ? 'paperbot was uninstalled from this workspace' : 'paperbot’s token was revoked in this workspace') : 0;
  deps.log.info({ event: why, team: teamId || undefined, enterprise: ref.enterpriseId, installation_deleted: deleted, digests_paused: paused }, 'workspace forgotten: tokens deleted, digests paused');
  return { deleted, paused };
}

/** Bolt's Installation as a row: the bot token apart (it is what digests read), the rest kept whole, sans bot token. */
export function fromBolt(installation: Installation): WorkspaceInstall {
  const data = structuredClone(installation) as Installation & Record<string, unknown>;
  if (data.bot) delete (data.bot as { token?: string }).token;
  return {
    teamId: installation.isEnterpriseInstall ? '' : (installation.team?.id ?? ''),
    enterpriseId: installation.enterprise?.id ?? '',
    botUserId: installation.bot?.userId,
    botId: installation.bot?.id,
    botToken: installation.bot?.token,
    scopes: installation.bot?.scopes ?? [],
    installedBy: installation.user?.id,
    installedAt: new Date(),
    data,
  };
}

/** The Installation Bolt stored, with its bot token back in place. */
export function toBolt(install: WorkspaceInstall): Installation {
  const installation = structuredClone(install.data) as unknown as Installation;
  if (installation.bot && install.botToken) installation.bot.token = install.botToken;
  return installation;
}

/** Which row a Bolt query means: an org-wide install is found by its enterprise id alone. */
function address(query: InstallationQuery<boolean>): { teamId: string; enterpriseId?: string } | undefined {
  if (query.isEnterpriseInstall && query.enterpriseId) return { teamId: '', enterpriseId: query.enterpriseId };
  if (query.teamId) return { teamId: query.teamId, enterpriseId: query.enterpriseId };
  return undefined;
}

async function fetchFor(installations: InstallationStore, query: InstallationQuery<boolean>): Promise<WorkspaceInstall | undefined> {
  const a = address(query);
  return a ? installations.fetch(a.teamId, a.enterpriseId) : undefined;
}

/** A workspace's name is chosen by its admins: text, never markup. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`);
}

/**
 * The digest client of each installed workspace, made once per token (a reinstall gives a new token, so a new client).
 * A workspace without an installation (uninstalled since) cannot be posted to: its digest fails with a logged error.
 */
export function workspaceClients(installations: InstallationStore, make: (token: string) => webApi.WebClient): (teamId: string) => Promise<webApi.WebClient> {
  const clients = new Map<string, webApi.WebClient>();
  return async (teamId) => {
    const token = await tokenFor(installations, teamId);
    if (!token) throw new Error(`no installation for workspace ${teamId || '(none)'}: paperbot was uninstalled there, or never installed`);
    let client = clients.get(token);
    if (!client) {
      client = make(token);
      clients.set(token, client);
    }
    return client;
  };
}
