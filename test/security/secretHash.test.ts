import { describe, expect, it } from 'vitest';
import { SCRYPT_PARAMS, authorizationHeader, generateApiKey, generatePassword, hashSecret, parseSecretHash, verifySecret } from '../../src/security/secretHash.js';

describe('secret hashes', () => {
  it('hashes with scrypt at the documented cost, a fresh salt each time, and verifies only the right secret', async () => {
    const first = await hashSecret('correct horse');
    const second = await hashSecret('correct horse');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(parseSecretHash(first)).toMatchObject({ N: SCRYPT_PARAMS.N, r: 8, p: 1 });
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
    expect(await verifySecret('correct horse', first)).toBe(true);
    expect(await verifySecret('correct horse', second)).toBe(true);
    expect(await verifySecret('correct horsf', first)).toBe(false);
    expect(await verifySecret('', first)).toBe(false);
  });

  it.each([
    ['not a hash at all', 'plaintext-password'],
    ['another algorithm', 'bcrypt$10$abc$def'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA=='],
    ['a cost that would take minutes', `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==`],
    ['a salt that is not base64', 'scrypt$16384$8$1$not base64!$aGFzaGhhc2hoYXNoaGFzaA=='],
    ['a missing field', 'scrypt$16384$8$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA=='],
  ])('refuses a stored hash that is %s (verification fails, nothing throws)', async (_case, encoded) => {
    expect(parseSecretHash(encoded)).toBeNull();
    expect(await verifySecret('anything', encoded)).toBe(false);
  });

  it('generates distinct API keys whose id has no ":" and a 256-bit key, and Kibana-shaped headers', () => {
    const keys = Array.from({ length: 50 }, () => generateApiKey());
    expect(new Set(keys.map((key) => key.id)).size).toBe(50);
    for (const key of keys) {
      expect(key.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(Buffer.from(key.secret, 'base64url')).toHaveLength(32);
    }
    expect(generatePassword()).not.toBe(generatePassword());
    const header = authorizationHeader('ApiKey', 'id1', 'k:ey');
    expect(header).toBe(`ApiKey ${Buffer.from('id1:k:ey').toString('base64')}`);
  });
});
