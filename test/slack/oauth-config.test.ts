// OAuth configuration: the three app credentials turn on installs (then SLACK_BOT_TOKEN is optional and
// TOKEN_ENCRYPTION_KEY required), half a set or a bad key is a clear error, and no secret is ever quoted back.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { BOT_SCOPES } from '../../src/slack/oauth.ts';

const KEY = randomBytes(32);
const OAUTH = {
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aaaaaa8f74',
  SLACK_CLIENT_ID: '1234567890.0987654321',
  SLACK_CLIENT_SECRET: 'c1i3nt5ecr3tValue0123456789abcd',
  SLACK_STATE_SECRET: 'st4te-s3cret-my-own-random-string',
  TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
};

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env, '/tmp');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no ConfigError');
}

describe('OAuth configuration', () => {
  it('the three credentials and a key: HTTP mode with installs, no bot token needed', () => {
    const config = loadConfig(OAUTH, '/tmp');
    expect(config.mode).toBe('http');
    expect(config.slack.botToken).toBeUndefined();
    expect(config.slack.oauth).toMatchObject({ clientId: OAUTH.SLACK_CLIENT_ID, clientSecret: OAUTH.SLACK_CLIENT_SECRET, stateSecret: OAUTH.SLACK_STATE_SECRET });
    expect(config.slack.oauth?.tokenKey).toEqual(KEY);
    expect(loadConfig({ ...OAUTH, TOKEN_ENCRYPTION_KEY: KEY.toString('hex') }, '/tmp').slack.oauth?.tokenKey).toEqual(KEY);
  });

  it('without them, one workspace as before', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: OAUTH.SLACK_SIGNING_SECRET }, '/tmp');
    expect(config.slack.oauth).toBeUndefined();
    expect(problem({ SLACK_SIGNING_SECRET: OAUTH.SLACK_SIGNING_SECRET })).toContain('SLACK_BOT_TOKEN is missing');
  });

  it('half a set names what is missing, without quoting what is set', () => {
    const message = problem({ SLACK_SIGNING_SECRET: OAUTH.SLACK_SIGNING_SECRET, SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID, SLACK_CLIENT_SECRET: OAUTH.SLACK_CLIENT_SECRET });
    expect(message).toContain('SLACK_STATE_SECRET is missing');
    expect(message).not.toContain(OAUTH.SLACK_CLIENT_SECRET);
  });

  it('TOKEN_ENCRYPTION_KEY: required with OAuth, checked for 32 bytes, never echoed', () => {
    const { TOKEN_ENCRYPTION_KEY: _key, ...noKey } = OAUTH;
    expect(problem(noKey)).toMatch(/TOKEN_ENCRYPTION_KEY is required with OAuth installs.*openssl rand -base64 32/);
    for (const bad of [randomBytes(16).toString('base64'), randomBytes(24).toString('hex'), 'my-password-1234567890-abcdefgh']) {
      const message = problem({ ...OAUTH, TOKEN_ENCRYPTION_KEY: bad });
      expect(message).toContain('TOKEN_ENCRYPTION_KEY must be a 32-byte key');
      expect(message).not.toContain(bad);
      expect(message).not.toContain(bad.slice(0, 10));
    }
  });

  it('OAuth needs HTTP mode: with SLACK_APP_TOKEN it says so', () => {
    expect(problem({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1-A0-1-abc', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toContain('need HTTP mode');
  });

  it('a secret pasted into another variable is not echoed (client and state secrets count as known secrets)', () => {
    const message = problem({ ...OAUTH, LOG_LEVEL: OAUTH.SLACK_STATE_SECRET });
    expect(message).toContain('LOG_LEVEL');
    expect(message).not.toContain(OAUTH.SLACK_STATE_SECRET);
  });
});

describe('manifest.yml', () => {
  const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');

  it('asks for the bot scopes the install flow asks for', () => {
    const bot = /\n    bot:\n((?:      .*\n)+)/.exec(manifest)![1];
    const scopes = [...bot.matchAll(/^      - ([\w:.]+)/gm)].map((m) => m[1]);
    expect(scopes.sort()).toEqual([...BOT_SCOPES].sort());
  });

  it('has an OAuth redirect URL and subscribes to app_uninstalled and tokens_revoked', () => {
    expect(manifest).toMatch(/redirect_urls:\n\s+- https:\/\/YOUR-HOST\/slack\/oauth_redirect/);
    expect(manifest).toMatch(/^\s+- app_uninstalled\b/m);
    expect(manifest).toMatch(/^\s+- tokens_revoked\b/m);
  });
});
