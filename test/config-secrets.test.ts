// Configuration errors say what is wrong with a variable without ever quoting a token or secret pasted into it.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { looksLikeSecret } from '../src/log.ts';

const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz8f74'.replace(/[yz]/g, 'a');
const HTTP = { SLACK_BOT_TOKEN: 'xoxb-1111-2222-realBotTokenValue', SLACK_SIGNING_SECRET: SIGNING_SECRET };

/** The ConfigError message for `env`. */
function problem(env: Record<string, string>): string {
  try {
    loadConfig(env, '/tmp');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no ConfigError');
}

const PASTED = {
  'a bot token': 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'a user token': 'xoxp-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'an app token': 'xapp-1-A0123456789-1234567890123-0a1b2c3d4e5f',
  'the signing secret': SIGNING_SECRET,
  'a hex secret': 'deadbeefdeadbeefdeadbeefdeadbeef',
  'an API key': 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'the bot token set in SLACK_BOT_TOKEN': HTTP.SLACK_BOT_TOKEN,
};

describe('configuration errors never echo a secret', () => {
  for (const variable of ['SLACK_API_URL', 'PORT', 'LOG_LEVEL', 'DIGEST_TIMEZONE', 'ARXIV_API_URL']) {
    for (const [what, value] of Object.entries(PASTED)) {
      it(`${what} pasted into ${variable}: named, not shown`, () => {
        const message = problem({ ...HTTP, [variable]: ` ${value} ` });
        expect(message).toContain(variable);
        expect(message).toContain('looks like a token or secret (not shown)');
        expect(message).not.toContain(value);
        // Not even a telling piece of it.
        expect(message).not.toContain(value.slice(-12));
      });
    }
  }

  it('still quotes an ordinary mistake, so the person sees what they typed', () => {
    expect(problem({ PORT: 'eighty' })).toContain('PORT must be a whole number from 0 to 65535, got "eighty".');
    expect(problem({ LOG_LEVEL: 'verbose' })).toContain('got "verbose"');
    expect(problem({ SLACK_API_URL: 'localhost:3000/api/' })).toContain('got "localhost:3000/api/"');
    expect(problem({ DIGEST_TIMEZONE: 'Europe/Bern' })).toContain('got "Europe/Bern"');
  });

  it('looksLikeSecret: tokens and key-like runs yes; words, zones, URLs and ports no', () => {
    for (const v of Object.values(PASTED)) expect(looksLikeSecret(v), v).toBe(true);
    for (const v of ['eighty', 'verbose', 'Europe/Berlin', 'http://localhost:3000/api/', '3000', 'America/Argentina/ComodRivadavia', 'debug info']) expect(looksLikeSecret(v), v).toBe(false);
    expect(looksLikeSecret('prefix-my-own-secret-suffix', ['my-own-secret'])).toBe(true);
  });
});
