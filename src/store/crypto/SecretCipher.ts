import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { KcrError } from '../../errors.js';

/** Envelope version prefix: a later scheme gets `v2:` and old rows stay readable. */
const ENVELOPE_V1 = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** AES-256 needs exactly 32 bytes of key. */
export const KEY_BYTES = 32;

/**
 * AES-256-GCM over one value at a time. Every value gets a fresh random 96-bit IV (the GCM
 * nonce size; with random IVs the key is safe far beyond the number of values kcr stores), and
 * the caller passes an AAD naming the row (`connector:<space>/<id>`, `plan:<id>`), so a
 * ciphertext copied into another row fails to decrypt instead of yielding another row's secret.
 * Envelope: `v1:` + base64(iv | tag | ciphertext).
 */
export class SecretCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new KcrError('CONFIG_INVALID', `an encryption key must be ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  /** Encrypts UTF-8 text bound to `aad`. */
  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ENVELOPE_V1 + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /**
   * Decrypts an envelope made for `aad`. Throws STORE_KEY_MISMATCH when the key or the AAD is
   * wrong or the bytes were altered (GCM cannot tell these apart, and none of them is recoverable).
   */
  decrypt(envelope: string, aad: string): string {
    if (!envelope.startsWith(ENVELOPE_V1)) throw new KcrError('STORE_KEY_MISMATCH', `unknown secrets envelope version for ${aad}`);
    const raw = Buffer.from(envelope.slice(ENVELOPE_V1.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new KcrError('STORE_KEY_MISMATCH', `truncated secrets envelope for ${aad}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new KcrError('STORE_KEY_MISMATCH', `the encryption key does not decrypt ${aad}`, { cause });
    }
  }
}

/** `hmac-sha256:<hex>` of a text with a key. */
export function hmacFingerprint(key: Buffer, text: string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(text, 'utf8').digest('hex')}`;
}

/**
 * Parses a 32-byte key written as 64 hex characters or as base64 (standard or url-safe).
 * `source` names where it came from (e.g. `KCR_ENCRYPTION_KEY`); the value itself is never
 * put in the error, since a near-miss key is still mostly a key.
 */
export function parseEncryptionKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  throw new KcrError(
    'CONFIG_INVALID',
    `${source} must be a 32-byte key written as 64 hex characters or as base64 (e.g. the output of \`openssl rand -hex 32\`)`,
  );
}
