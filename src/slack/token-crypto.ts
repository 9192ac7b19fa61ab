// Encrypts Slack tokens at rest (AES-256-GCM) with the key in TOKEN_ENCRYPTION_KEY, so a copied database holds no usable token.
//
// A stored value is `v1:<iv>:<tag>:<ciphertext>`, each part base64url: a random 12-byte IV per value (GCM's nonce
// must never repeat under one key), the 16-byte authentication tag, then the ciphertext. The version prefix lets a
// later format (another cipher, a key id for rotation) be read next to this one. A value can be bound to a context
// (the row it belongs to) as GCM's additional authenticated data: a token copied into another workspace's row then
// fails to decrypt instead of serving that workspace.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const TOKEN_KEY_BYTES = 32;

/** TOKEN_ENCRYPTION_KEY is not a 32-byte key in hex or base64. The message never contains the value. */
export class TokenKeyError extends Error {
  readonly code = 'token_key_invalid';
}

/** A stored value that cannot be decrypted: another key, a changed value, or a value moved from another row. */
export class TokenDecryptError extends Error {
  readonly code = 'token_undecryptable';
}

/**
 * Reads a 32-byte key written as 64 hex digits or as base64 (standard or URL alphabet, padding optional), e.g. the
 * output of `openssl rand -base64 32`. Throws TokenKeyError saying what is expected, never quoting the value.
 */
export function parseTokenKey(text: string): Buffer {
  const value = text.trim();
  let key: Buffer | undefined;
  // Hex first: an even run of hex digits is read as hex whatever its length, so a short hex key is reported by its
  // byte count, not misread as base64.
  if (/^(?:[0-9a-f]{2})+$/i.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) key = Buffer.from(value, 'base64');
  if (!key || key.length !== TOKEN_KEY_BYTES) {
    const got = key ? `it decodes to ${key.length} bytes` : 'it is neither hex nor base64';
    throw new TokenKeyError(`TOKEN_ENCRYPTION_KEY must be a ${TOKEN_KEY_BYTES}-byte key, as 64 hex digits or 44 base64 characters (${got}). Make one with: openssl rand -base64 32`);
  }
  return key;
}

export class TokenCipher {
  private readonly key: Buffer;

  /** `key`: 32 bytes (see parseTokenKey). */
  constructor(key: Buffer) {
    if (key.length !== TOKEN_KEY_BYTES) throw new TokenKeyError(`a token encryption key must be ${TOKEN_KEY_BYTES} bytes, not ${key.length}`);
    this.key = Buffer.from(key);
  }

  /** The stored form of `plain`; `context` (e.g. the row's workspace) must be given again to decrypt it. */
  encrypt(plain: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  /** The plain value of a stored one, or TokenDecryptError (the message names no part of the value). */
  decrypt(stored: string, context = ''): string {
    const parts = stored.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new TokenDecryptError(`a stored token is not in the ${VERSION} format (v1:<iv>:<tag>:<ciphertext>)`);
    const [, ivText, tagText, bodyText] = parts;
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenDecryptError('a stored token has a malformed IV or tag');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // GCM cannot tell a wrong key from an altered value: both fail the tag check.
      throw new TokenDecryptError('a stored token could not be decrypted: TOKEN_ENCRYPTION_KEY is not the key it was stored with, or the stored value was altered');
    }
  }
}
