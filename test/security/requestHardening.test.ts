import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { apiKeyPrincipal, createSecureApp, type SecureApp, type TestPrincipal } from './secureApp.js';

const CREATE = { name: 'hardened', connector_type_id: '.index', config: { index: 'x' } };

describe('request hardening over the real app', () => {
  let kcr: SecureApp;
  let writer: TestPrincipal;
  let other: TestPrincipal;
  let uploader: TestPrincipal;

  beforeAll(async () => {
    writer = await apiKeyPrincipal('writer', { '*': 'all' });
    other = await apiKeyPrincipal('other', { '*': 'all' });
    uploader = await apiKeyPrincipal('uploader', { '*': 'all' });
    // Three writes per principal, refilled too slowly to matter here: each test writes as its own principal.
    kcr = await createSecureApp({ principals: [writer.config, other.config, uploader.config], writeRateLimit: { burst: 3, perSecond: 0.001 } });
  });
  afterAll(async () => kcr?.cleanup());

  it('sends helmet-like headers on API answers, errors and 401s alike', async () => {
    for (const response of [
      await request(kcr.app).get('/api/actions/connectors').set('authorization', writer.authorization),
      await request(kcr.app).get('/api/actions/connectors'),
      await request(kcr.app).get('/ui/'),
      await request(kcr.app).get('/healthz'),
    ]) {
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('refuses JSON nested deeper than 32 levels with 400, before any route sees it, and accepts 32', async () => {
    const nested = (depth: number) => `{"name":"deep","connector_type_id":".index","config":{"index":"x","extra":${'['.repeat(depth - 3)}1${']'.repeat(depth - 3)}}}`;
    const deep = await request(kcr.app).post('/api/actions/connector').set('authorization', other.authorization).set('kbn-xsrf', 'x').type('json').send(nested(40));
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({ code: 'BAD_REQUEST', message: 'The request body is nested deeper than 32 levels' });
    const yaml = await request(kcr.app).post('/api/reconciler/plans').set('authorization', other.authorization).set('kbn-xsrf', 'x').type('application/yaml').send(`a: ${'['.repeat(100)}${']'.repeat(100)}`);
    expect(yaml.status).toBe(400);
    expect(yaml.body.code).toBe('BAD_REQUEST');
    // 32 levels is allowed through to the route's own validation (which rejects the unknown key).
    const allowed = await request(kcr.app).post('/api/actions/connector').set('authorization', other.authorization).set('kbn-xsrf', 'x').type('json').send(nested(32));
    expect(allowed.body.message).not.toMatch(/nested deeper/);
  });

  it('refuses a body over the configured limit with 413', async () => {
    const big = { ...CREATE, config: { index: 'x'.repeat(2 * 1024 * 1024) } };
    const response = await request(kcr.app).post('/api/actions/connector').set('authorization', uploader.authorization).set('kbn-xsrf', 'x').send(big);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('limits writes per principal with 429 and Retry-After, leaves reads and other principals alone', async () => {
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await request(kcr.app).post('/api/actions/connector').set('authorization', writer.authorization).set('kbn-xsrf', 'x').send({ ...CREATE, name: `rate-${i}` });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(limited!.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await request(kcr.app).get('/api/actions/connectors').set('authorization', writer.authorization)).status).toBe(200);
    const connectors = (await request(kcr.app).get('/api/actions/connectors').set('authorization', writer.authorization)).body as Array<{ name: string }>;
    expect(connectors.filter((c) => c.name.startsWith('rate-'))).toHaveLength(3);
  });
});

describe('failed authentications are budgeted per address (each costs a scrypt)', () => {
  it('answers 429 with Retry-After once the budget is spent, without verifying, while a verified key keeps working', async () => {
    const known = await apiKeyPrincipal('known', { '*': 'read' });
    const late = await apiKeyPrincipal('late', { '*': 'read' });
    const kcr = await createSecureApp({ principals: [known.config, late.config], authFailureLimit: { burst: 3, perSecond: 0.001 } });
    try {
      expect((await request(kcr.app).get('/api/actions/connectors').set('authorization', known.authorization)).status).toBe(200);
      const wrong = known.authorization.replace(/.{4}$/, 'AAAA');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await request(kcr.app).get('/api/actions/connectors').set('authorization', wrong)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await request(kcr.app).get('/api/actions/connectors').set('authorization', late.authorization);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await request(kcr.app).get('/api/actions/connectors').set('authorization', known.authorization)).status).toBe(200);
      expect((await request(kcr.app).get('/healthz')).status).toBe(200);
    } finally {
      await kcr.cleanup();
    }
  });
});

describe('no principals: auth off, loopback only', () => {
  let kcr: SecureApp;
  beforeAll(async () => {
    kcr = await createSecureApp();
  });
  afterAll(async () => kcr?.cleanup());

  it('serves without credentials and records the actor as anonymous', async () => {
    const created = await request(kcr.app).post('/s/a/api/actions/connector').set('kbn-xsrf', 'x').send(CREATE);
    expect(created.status).toBe(200);
    const { items } = await kcr.store.listEvents({ connectorId: created.body.id });
    expect(items[0]).toMatchObject({ actor: 'anonymous', request_id: expect.any(String) });
  });

  it('refuses to serve on a non-loopback address: exit 1 with a clear message', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kcr-serve-'));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      const code = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', join(cwd, '.kcr')], { stdout, stderr, stdin: new PassThrough(), env: {}, cwd });
      expect(code).toBe(1);
      expect(err).toMatch(/refusing to serve on 0\.0\.0\.0 without principals/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
