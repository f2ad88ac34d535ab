import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteAuthorization } from '../../../src/cli/remoteBackend.js';
import { hashSecret } from '../../../src/security/secretHash.js';
import { runKcr } from '../cliHarness.js';
import { startKcrServer, type KcrServer } from './kcrServer.js';

// The remote CLI takes the three credentials a kcr server (like Kibana) accepts, from the environment.
const FAST = { N: 2 ** 12, r: 8, p: 1 };
let server: KcrServer;
let cwd: string;

beforeAll(async () => {
  const principals = [
    { name: 'ci-key', apiKeyId: 'ci-id', secretHash: await hashSecret('ci-secret', FAST), privileges: { '*': 'read' } },
    { name: 'auditor', username: 'audrey', secretHash: await hashSecret('pa:ss', FAST), privileges: { '*': 'read' } },
    { name: 'terraform', tokenId: 'tf-id', secretHash: await hashSecret('tf-secret', FAST), privileges: { '*': 'read' } },
  ];
  server = await startKcrServer({ configYaml: YAML.stringify({ principals }) });
  cwd = mkdtempSync(join(tmpdir(), 'kcr-remote-auth-'));
});
afterAll(async () => {
  await server?.stop();
  server?.cleanup();
  rmSync(cwd, { recursive: true, force: true });
});

describe('remote CLI credentials', () => {
  it.each([
    ['KCR_API_KEY', { KCR_API_KEY: Buffer.from('ci-id:ci-secret').toString('base64') }],
    ['KCR_USERNAME and KCR_PASSWORD', { KCR_USERNAME: 'audrey', KCR_PASSWORD: 'pa:ss' }],
    ['KCR_BEARER_TOKEN', { KCR_BEARER_TOKEN: 'tf-id.tf-secret' }],
  ])('authenticates with %s', async (_kind, env) => {
    const run = await runKcr(['--server', server.url, '--json', 'history'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('plans');
  });

  it.each([
    ['a wrong bearer token', { KCR_BEARER_TOKEN: 'tf-id.wrong' }, /Unauthorized: missing or invalid credentials/],
    ['no credential at all', {}, /Unauthorized: missing or invalid credentials/],
    ['two kinds at once', { KCR_BEARER_TOKEN: 'tf-id.tf-secret', KCR_API_KEY: 'eA==' }, /set one kind of credential for --server, not KCR_API_KEY and KCR_BEARER_TOKEN/],
    ['a username without a password', { KCR_USERNAME: 'audrey' }, /KCR_USERNAME and KCR_PASSWORD go together/],
  ])('fails with one clear line for %s, exit 1', async (_case, env, message) => {
    const run = await runKcr(['--server', server.url, 'history'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('tf-secret');
  });

  it('builds each header as the server parses it', () => {
    expect(remoteAuthorization({ KCR_BEARER_TOKEN: 'a.b' })).toBe('Bearer a.b');
    expect(remoteAuthorization({ KCR_USERNAME: 'u', KCR_PASSWORD: 'p:w' })).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
    expect(remoteAuthorization({})).toBeUndefined();
  });
});
