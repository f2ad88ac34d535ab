import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretCipher, parseEncryptionKey } from '../../../src/store/crypto/SecretCipher.js';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32));

  it('round-trips a value and never produces the same envelope twice', () => {
    const a = cipher.encrypt('{"token":"hunter2"}', 'connector:default/a');
    const b = cipher.encrypt('{"token":"hunter2"}', 'connector:default/a');
    expect(a).toMatch(/^v1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(cipher.decrypt(a, 'connector:default/a')).toBe('{"token":"hunter2"}');
  });

  it('refuses a ciphertext moved to another row, altered, or read with another key', () => {
    const envelope = cipher.encrypt('secret', 'connector:default/a');
    expect(() => cipher.decrypt(envelope, 'connector:default/b')).toThrow(expect.objectContaining({ code: 'STORE_KEY_MISMATCH' }));
    const raw = Buffer.from(envelope.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.decrypt(`v1:${raw.toString('base64')}`, 'connector:default/a')).toThrow(expect.objectContaining({ code: 'STORE_KEY_MISMATCH' }));
    expect(() => new SecretCipher(randomBytes(32)).decrypt(envelope, 'connector:default/a')).toThrow(expect.objectContaining({ code: 'STORE_KEY_MISMATCH' }));
    expect(() => cipher.decrypt('v9:abc', 'connector:default/a')).toThrow(/envelope version/);
  });
});

describe('parseEncryptionKey', () => {
  const key = randomBytes(32);

  it.each([
    ['64 hex characters', key.toString('hex')],
    ['upper-case hex', key.toString('hex').toUpperCase()],
    ['base64', key.toString('base64')],
    ['url-safe base64', key.toString('base64url')],
    ['text with a trailing newline', `${key.toString('hex')}\n`],
  ])('accepts %s', (_what, text) => {
    expect(parseEncryptionKey(text, 'KCR_ENCRYPTION_KEY').equals(key)).toBe(true);
  });

  it.each([
    ['a passphrase', 'correct horse battery staple'],
    ['63 hex characters', key.toString('hex').slice(1)],
    ['base64 of 16 bytes', randomBytes(16).toString('base64')],
    ['an empty value', ''],
  ])('rejects %s with CONFIG_INVALID naming the variable but not the value', (_what, text) => {
    let caught: unknown;
    try {
      parseEncryptionKey(text, 'KCR_ENCRYPTION_KEY');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('KCR_ENCRYPTION_KEY') });
    if (text) expect((caught as Error).message).not.toContain(text);
  });
});
