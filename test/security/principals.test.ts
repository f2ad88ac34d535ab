import { describe, expect, it } from 'vitest';
import type { PrincipalConfig } from '../../src/config/types.js';
import { isKcrError } from '../../src/errors.js';
import { PrincipalAuthenticator, UNAUTHENTICATED_MESSAGE, parseAuthorization } from '../../src/security/principals.js';
import { authorizationHeader, hashSecret } from '../../src/security/secretHash.js';

const FAST = { N: 2 ** 12, r: 8, p: 1 };

async function principals(): Promise<PrincipalConfig[]> {
  return [
    { name: 'ci', apiKeyId: 'ci-key-id', secretHash: await hashSecret('ci-secret', FAST), privileges: { ops: 'all' } },
    { name: 'auditor', username: 'audrey', secretHash: await hashSecret('pa:ss word', FAST), privileges: { '*': 'read' } },
    { name: 'terraform', tokenId: 'tf-token-id', secretHash: await hashSecret('tf-secret', FAST), privileges: { ops: 'all' } },
  ];
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isKcrError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('parseAuthorization', () => {
  it('reads ApiKey and Basic credentials as Kibana and Elasticsearch send them (scheme in any case, secret may hold ":")', () => {
    const apiKey = parseAuthorization(authorizationHeader('ApiKey', 'abc', 'def'));
    expect(apiKey).toMatchObject({ scheme: 'ApiKey', id: 'abc' });
    expect(apiKey!.secret.reveal()).toBe('def');
    const basic = parseAuthorization(`basic ${Buffer.from('user:pa:ss').toString('base64')}`);
    expect(basic).toMatchObject({ scheme: 'Basic', id: 'user' });
    expect(basic!.secret.reveal()).toBe('pa:ss');
    // The parsed secret never serializes.
    expect(JSON.stringify(basic)).not.toContain('pa:ss');
    const bearer = parseAuthorization('bearer tok-id.s3cr3t_-');
    expect(bearer).toMatchObject({ scheme: 'Bearer', id: 'tok-id' });
    expect(bearer!.secret.reveal()).toBe('s3cr3t_-');
    expect(JSON.stringify(bearer)).not.toContain('s3cr3t');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a Bearer token without its id', 'Bearer abcdef'],
    ['a Bearer token with a character base64url lacks', 'Bearer abc.de+f'],
    ['no colon', `ApiKey ${Buffer.from('idonly').toString('base64')}`],
    ['an empty id', `ApiKey ${Buffer.from(':key').toString('base64')}`],
    ['an empty secret', `Basic ${Buffer.from('user:').toString('base64')}`],
    ['garbage instead of base64', 'ApiKey !!!'],
    ['a huge header', `ApiKey ${'A'.repeat(5000)}`],
  ])('answers null for %s', (_case, header) => {
    expect(parseAuthorization(header)).toBeNull();
  });
});

describe('PrincipalAuthenticator', () => {
  it('authenticates API keys and Basic users to their principal, without any credential in the result', async () => {
    const authenticator = new PrincipalAuthenticator(await principals());
    expect(authenticator.enabled).toBe(true);
    const ci = await authenticator.authenticate(authorizationHeader('ApiKey', 'ci-key-id', 'ci-secret'));
    expect(ci).toEqual({ name: 'ci', privileges: { ops: 'all' }, admin: false });
    const auditor = await authenticator.authenticate(authorizationHeader('Basic', 'audrey', 'pa:ss word'));
    expect(auditor.name).toBe('auditor');
    const terraform = await authenticator.authenticate(authorizationHeader('Bearer', 'tf-token-id', 'tf-secret'));
    expect(terraform).toEqual({ name: 'terraform', privileges: { ops: 'all' }, admin: false });
    expect(JSON.stringify([ci, auditor])).not.toMatch(/secret|scrypt|pa:ss/);
  });

  it('fails every wrong credential with the same 401 message, whichever part was wrong', async () => {
    const authenticator = new PrincipalAuthenticator(await principals());
    const attempts = [
      undefined,
      'Bearer token',
      authorizationHeader('ApiKey', 'ci-key-id', 'wrong'),
      authorizationHeader('ApiKey', 'no-such-id', 'ci-secret'),
      authorizationHeader('Basic', 'ci-key-id', 'ci-secret'), // an API key id is not a username
      authorizationHeader('ApiKey', 'audrey', 'pa:ss word'), // nor the other way round
      authorizationHeader('Basic', 'audrey', 'pa:ss word '),
      authorizationHeader('Bearer', 'tf-token-id', 'wrong'),
      authorizationHeader('Bearer', 'ci-key-id', 'ci-secret'), // an API key is not a token
      authorizationHeader('ApiKey', 'tf-token-id', 'tf-secret'), // nor the other way round
    ];
    for (const header of attempts) {
      expect(await failure(authenticator.authenticate(header))).toEqual({ code: 'UNAUTHENTICATED', message: UNAUTHENTICATED_MESSAGE });
    }
  });

  it('caches a verified credential for its TTL only, and never caches a wrong one', async () => {
    let now = 1_000_000;
    const authenticator = new PrincipalAuthenticator(await principals(), { cacheTtlMs: 1000, now: () => now });
    const good = authorizationHeader('ApiKey', 'ci-key-id', 'ci-secret');
    await authenticator.authenticate(good);
    // Measured without wall-clock assertions: a cached hit resolves in the same microtask burst as a resolved promise.
    let settled = false;
    void authenticator.authenticate(good).then(() => (settled = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(true);
    now += 1001;
    settled = false;
    const expired = authenticator.authenticate(good).then(() => (settled = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(false);
    await expired;
    await expect(authenticator.authenticate(authorizationHeader('ApiKey', 'ci-key-id', 'ci-secretX'))).rejects.toThrow(UNAUTHENTICATED_MESSAGE);
  });

  it('is off without principals, and refuses broken principal entries at start', async () => {
    expect(new PrincipalAuthenticator([]).enabled).toBe(false);
    const hash = await hashSecret('x', FAST);
    expect(() => new PrincipalAuthenticator([{ name: 'p', apiKeyId: 'k', secretHash: 'plain-text', privileges: {} }])).toThrow(/secretHash is not a scrypt hash/);
    expect(() => new PrincipalAuthenticator([{ name: 'p', secretHash: hash, privileges: {} }])).toThrow(/exactly one of apiKeyId, username or tokenId/);
    expect(() => new PrincipalAuthenticator([{ name: 'p', apiKeyId: 'k', tokenId: 't', secretHash: hash, privileges: {} }])).toThrow(/exactly one of apiKeyId, username or tokenId/);
    expect(() => new PrincipalAuthenticator([
      { name: 'p', apiKeyId: 'k', secretHash: hash, privileges: {} },
      { name: 'q', apiKeyId: 'k', secretHash: hash, privileges: {} },
    ])).toThrow(/used by another principal/);
  });
});
