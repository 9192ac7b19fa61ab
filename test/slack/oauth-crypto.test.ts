// Token encryption at rest: the key's forms and mistakes, a fresh IV per value, and that a wrong key, a changed value
// or a value moved to another row fails clearly instead of yielding a token.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseTokenKey, TokenCipher, TokenDecryptError, TokenKeyError } from '../../src/slack/token-crypto.ts';

const KEY = randomBytes(32);
const TOKEN = 'xoxb-1111-2222-secretBotTokenValue';

describe('parseTokenKey', () => {
  it('reads 32 bytes as hex, base64 or base64url', () => {
    expect(parseTokenKey(KEY.toString('hex'))).toEqual(KEY);
    expect(parseTokenKey(KEY.toString('hex').toUpperCase())).toEqual(KEY);
    expect(parseTokenKey(KEY.toString('base64'))).toEqual(KEY);
    expect(parseTokenKey(` ${KEY.toString('base64url')}\n`)).toEqual(KEY);
  });

  it('refuses other lengths and non-keys, saying what to set and never quoting the value', () => {
    for (const bad of [randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), 'correct horse battery staple', '']) {
      let message = '';
      try {
        parseTokenKey(bad);
      } catch (err) {
        expect(err).toBeInstanceOf(TokenKeyError);
        message = (err as Error).message;
      }
      expect(message).toContain('TOKEN_ENCRYPTION_KEY must be a 32-byte key');
      expect(message).toContain('openssl rand -base64 32');
      if (bad) expect(message).not.toContain(bad.trim().slice(0, 12));
    }
    expect(() => parseTokenKey(randomBytes(16).toString('hex'))).toThrow(/decodes to 16 bytes/);
  });
});

describe('TokenCipher', () => {
  const cipher = new TokenCipher(KEY);

  it('round-trips, in the v1:<iv>:<tag>:<ciphertext> format, with a new IV each time', () => {
    const a = cipher.encrypt(TOKEN, 'row-a');
    const b = cipher.encrypt(TOKEN, 'row-a');
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
    expect(a).not.toContain('secretBotTokenValue');
    expect(cipher.decrypt(a, 'row-a')).toBe(TOKEN);
    expect(cipher.decrypt(b, 'row-a')).toBe(TOKEN);
  });

  it('a wrong key fails with TokenDecryptError, naming the key variable and no part of the value', () => {
    const stored = cipher.encrypt(TOKEN, 'row-a');
    const other = new TokenCipher(randomBytes(32));
    expect(() => other.decrypt(stored, 'row-a')).toThrow(TokenDecryptError);
    expect(() => other.decrypt(stored, 'row-a')).toThrow(/TOKEN_ENCRYPTION_KEY is not the key it was stored with/);
    try {
      other.decrypt(stored, 'row-a');
    } catch (err) {
      expect((err as Error).message).not.toContain(stored.split(':')[3].slice(0, 8));
    }
  });

  it('tampering with the IV, the tag or any byte of the ciphertext fails', () => {
    const stored = cipher.encrypt(TOKEN, 'row-a');
    const [v, iv, tag, body] = stored.split(':');
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at] ^= 0x01;
      return bytes.toString('base64url');
    };
    const bodyLength = Buffer.from(body, 'base64url').length;
    const tampered = [
      [v, flip(iv, 0), tag, body],
      [v, iv, flip(tag, 15), body],
      ...Array.from({ length: bodyLength }, (_, i) => [v, iv, tag, flip(body, i)]),
      [v, iv, tag, Buffer.from(body, 'base64url').subarray(1).toString('base64url')],
    ].map((p) => p.join(':'));
    for (const t of tampered) expect(() => cipher.decrypt(t, 'row-a'), t).toThrow(TokenDecryptError);
  });

  it('a value moved to another context (another workspace row) fails', () => {
    expect(() => cipher.decrypt(cipher.encrypt(TOKEN, 'installations::TA:bot_token'), 'installations::TB:bot_token')).toThrow(TokenDecryptError);
  });

  it('refuses other formats and a key of the wrong size', () => {
    expect(() => cipher.decrypt(TOKEN)).toThrow(/not in the v1 format/);
    expect(() => cipher.decrypt(`v2:${cipher.encrypt(TOKEN).slice(3)}`)).toThrow(/not in the v1 format/);
    expect(() => new TokenCipher(randomBytes(16))).toThrow(TokenKeyError);
  });
});
