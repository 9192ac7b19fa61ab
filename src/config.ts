// The one place the environment is read: parsed and validated once into a typed Config.
import { resolve } from 'node:path';
import { looksLikeSecret } from './log.ts';
import { parseTokenKey, TokenKeyError } from './slack/token-crypto.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  /**
   * How the bot talks to Slack:
   * - `socket` when SLACK_APP_TOKEN is set (Socket Mode, no public URL needed);
   * - `http` when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set (POST /slack/events on `port`), or
   *   SLACK_SIGNING_SECRET and the three OAuth variables (`slack.oauth`: installs into many workspaces);
   * - `console` when no Slack credentials are set: a local console through the same listeners.
   */
  mode: 'socket' | 'http' | 'console';
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    /** Web API base URL override (Bolt's clientOptions.slackApiUrl), for tests and proxies. */
    apiUrl?: string;
    /**
     * Set when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are: any workspace can install paperbot
     * (GET /slack/install), each request is answered with its workspace's stored token, and SLACK_BOT_TOKEN is not used
     * by the bot. HTTP mode only. Default unset: one workspace, SLACK_BOT_TOKEN.
     */
    oauth?: {
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      /** TOKEN_ENCRYPTION_KEY, decoded: the 32-byte AES-256-GCM key installed workspaces' tokens are stored under. */
      tokenKey: Buffer;
    };
  };
  /** HTTP port (HTTP mode, and /healthz in every server mode). Default 3000. */
  port: number;
  /** Files or folders holding the corpus. Default `data/papers`. Several are separated by commas. */
  papersPath: string[];
  /** SQLite file for subscriptions, ledger and fetched papers. Default `data/paperbot.db`. */
  databasePath: string;
  /**
   * DATABASE_URL (postgres://…): all state in PostgreSQL instead of the SQLite file, for replicas on several hosts
   * (docs/deploy.md). Unset: SQLite at databasePath.
   */
  databaseUrl?: string;
  /**
   * Folder for index snapshots (keyed by the corpus content), so a restart skips indexing. Default `data/.cache`.
   * Set INDEX_CACHE_PATH=off to always index at start.
   */
  indexCachePath?: string;
  /** Default `info`. */
  logLevel: LogLevel;
  digest: {
    /** Zone used when a subscriber's Slack timezone is unknown. Default `UTC`. */
    timezone: string;
  };
  arxiv: {
    /** arXiv API search_query polled daily, e.g. `cat:cs.LG AND abs:robust`. */
    query?: string;
    /** arXiv categories polled daily, e.g. `cs.LG,cs.CV`. */
    categories: string[];
    /** Default `https://export.arxiv.org/api/query`. */
    apiUrl: string;
  };
  /** Metadata lookups for shared links and `paperbot corpus enrich` (docs/links.md). */
  lookups: {
    /** Crossref's REST API (works by DOI, title search). Default `https://api.crossref.org`. */
    crossrefUrl: string;
    /**
     * Sent as `mailto=` (and in the User-Agent) so Crossref serves us from its "polite" pool. Default none: the
     * public pool, which works but is the first to be slowed down. Set CROSSREF_MAILTO to a real address.
     */
    crossrefMailto?: string;
    /** OpenReview's API (notes by forum id). Default `https://api2.openreview.net`. */
    openreviewUrl: string;
  };
}

/** A configuration mistake; the message says what to set. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reads the environment (already filled by dotenv) into a Config, or throws a ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const botToken = blank(env.SLACK_BOT_TOKEN);
  const signingSecret = blank(env.SLACK_SIGNING_SECRET);
  const appToken = blank(env.SLACK_APP_TOKEN);
  const apiUrl = blank(env.SLACK_API_URL);
  const clientId = blank(env.SLACK_CLIENT_ID);
  const clientSecret = blank(env.SLACK_CLIENT_SECRET);
  const stateSecret = blank(env.SLACK_STATE_SECRET);
  const tokenKeyText = blank(env.TOKEN_ENCRYPTION_KEY);
  const oauthVars = { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret };
  const oauthSet = Object.values(oauthVars).filter(Boolean).length;
  const useOAuth = oauthSet === 3;

  let mode: Config['mode'] = 'console';
  if (appToken) {
    mode = 'socket';
    if (!appToken.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (Basic Information → App-Level Tokens, scope connections:write).');
    if (!botToken) problems.push('SLACK_BOT_TOKEN is required with SLACK_APP_TOKEN: set it to the "xoxb-" token from OAuth & Permissions.');
    if (useOAuth) problems.push('OAuth installs (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET) need HTTP mode: unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET.');
  } else if (botToken || signingSecret || useOAuth) {
    mode = 'http';
    if (!botToken && !useOAuth) problems.push('SLACK_BOT_TOKEN is missing: set it to the "xoxb-" token from OAuth & Permissions (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install into workspaces through OAuth).');
    if (!signingSecret) problems.push('SLACK_SIGNING_SECRET is missing: copy it from Basic Information → App Credentials (or set SLACK_APP_TOKEN to use Socket Mode).');
  }
  if (oauthSet > 0 && !useOAuth) {
    const missing = Object.entries(oauthVars).filter(([, v]) => !v).map(([k]) => k);
    problems.push(`OAuth installs need SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together; ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing (Basic Information → App Credentials; the state secret is any long random string).`);
  }
  let tokenKey: Buffer | undefined;
  if (tokenKeyText) {
    try {
      tokenKey = parseTokenKey(tokenKeyText);
    } catch (err) {
      if (!(err instanceof TokenKeyError)) throw err;
      problems.push(err.message);
    }
  } else if (useOAuth) problems.push('TOKEN_ENCRYPTION_KEY is required with OAuth installs: installed workspaces\' bot tokens are stored encrypted with it. Make one with: openssl rand -base64 32');
  // A value is quoted back only when it cannot be a credential pasted into the wrong variable.
  const got = (value: string) => (looksLikeSecret(value, [botToken, signingSecret, appToken, clientSecret, stateSecret, tokenKeyText]) ? 'a value that looks like a token or secret (not shown)' : `"${value.length > 100 ? `${value.slice(0, 100)}…` : value}"`);
  if (botToken && !/^xox[bp]-/.test(botToken)) problems.push('SLACK_BOT_TOKEN should start with "xoxb-".');
  if (apiUrl && !/^https?:\/\//.test(apiUrl)) problems.push(`SLACK_API_URL must be an http(s) URL, got ${got(apiUrl)}.`);

  const portText = blank(env.PORT) ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a whole number from 0 to 65535, got ${got(portText)}.`);

  const level = (blank(env.LOG_LEVEL) ?? 'info').toLowerCase() as LogLevel;
  if (!LEVELS.includes(level)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got ${got(env.LOG_LEVEL ?? '')}.`);

  const timezone = blank(env.DIGEST_TIMEZONE) ?? 'UTC';
  if (!isValidZone(timezone)) problems.push(`DIGEST_TIMEZONE must be an IANA zone such as "Europe/Berlin", got ${got(timezone)}.`);

  const arxivApi = blank(env.ARXIV_API_URL) ?? 'https://export.arxiv.org/api/query';
  if (!/^https?:\/\//.test(arxivApi)) problems.push(`ARXIV_API_URL must be an http(s) URL, got ${got(arxivApi)}.`);

  const crossrefUrl = (blank(env.CROSSREF_API_URL) ?? 'https://api.crossref.org').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(crossrefUrl)) problems.push(`CROSSREF_API_URL must be an http(s) URL, got "${crossrefUrl}".`);
  const openreviewUrl = (blank(env.OPENREVIEW_API_URL) ?? 'https://api2.openreview.net').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(openreviewUrl)) problems.push(`OPENREVIEW_API_URL must be an http(s) URL, got "${openreviewUrl}".`);
  const crossrefMailto = blank(env.CROSSREF_MAILTO);
  if (crossrefMailto && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(crossrefMailto)) problems.push(`CROSSREF_MAILTO must be an email address (Crossref's polite pool), got "${crossrefMailto}".`);

  if (problems.length) throw new ConfigError(`Configuration problem${problems.length > 1 ? 's' : ''}:\n- ${problems.join('\n- ')}`);

  return {
    mode,
    slack: { botToken, signingSecret, appToken, apiUrl, ...(useOAuth && tokenKey ? { oauth: { clientId: clientId!, clientSecret: clientSecret!, stateSecret: stateSecret!, tokenKey } } : {}) },
    port,
    papersPath: (list(env.PAPERS_PATH).length ? list(env.PAPERS_PATH) : ['data/papers']).map((p) => resolve(cwd, p)),
    databasePath: resolve(cwd, blank(env.DATABASE_PATH) ?? 'data/paperbot.db'),
    databaseUrl: databaseUrl(blank(env.DATABASE_URL)),
    indexCachePath: blank(env.INDEX_CACHE_PATH)?.toLowerCase() === 'off' ? undefined : resolve(cwd, blank(env.INDEX_CACHE_PATH) ?? 'data/.cache'),
    logLevel: level,
    digest: { timezone },
    arxiv: { query: blank(env.ARXIV_QUERY), categories: list(env.ARXIV_CATEGORIES), apiUrl: arxivApi },
    lookups: { crossrefUrl, crossrefMailto, openreviewUrl },
  };
}

/** DATABASE_URL must name PostgreSQL; anything else is a configuration error that does not echo the URL (it may hold a password). */
function databaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//i.test(raw)) throw new ConfigError('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/db); unset it to use SQLite at DATABASE_PATH.');
  return raw;
}
