import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationHeader } from '../../src/security/secretHash.js';
import { apiKeyPrincipal, createSecureApp, type SecureApp, type TestPrincipal } from './secureApp.js';

// Issue 12: a client with a wrong key (Terraform's 401) leaves a trace an auditor can read.
describe('failed authentications in the event log', () => {
  let kcr: SecureApp;
  let auditor: TestPrincipal;
  beforeAll(async () => {
    auditor = await apiKeyPrincipal('auditor', { '*': 'read' }, true);
    kcr = await createSecureApp({ principals: [auditor.config] });
  });
  afterAll(async () => kcr.cleanup());

  const failures = async () => {
    // The event is written after the 401 goes out: wait until it is there.
    for (let i = 0; i < 100; i++) {
      const events = (await kcr.store.listEvents({ action: 'auth.failure' })).items;
      if (events.length > 0) return events;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return [];
  };

  it('records the route, scheme and credential id of a wrong API key, never its secret, and shows it to an auditor', async () => {
    const wrong = authorizationHeader('ApiKey', 'auditor-id', 'canary-wrong-secret-4711');
    const response = await request(kcr.app).post('/s/ops/api/actions/connector').set('authorization', wrong).set('kbn-xsrf', 'x').send({ name: 'x', connector_type_id: '.index', config: { index: 'x' } });
    expect(response.status).toBe(401);
    const [event] = await failures();
    expect(event).toMatchObject({
      actor: 'unauthenticated', action: 'auth.failure', outcome: 'failure', origin: 'server', space_id: 'ops',
      message: 'authentication failed for POST /s/ops/api/actions/connector',
      details: { method: 'POST', path: '/s/ops/api/actions/connector', scheme: 'ApiKey', credential_id: 'auditor-id' },
    });
    expect(event!.request_id).toBe(response.headers['x-request-id']);
    const listed = await request(kcr.app).get('/api/reconciler/events?action=auth.failure').set('authorization', auditor.authorization);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain('auditor-id');
    expect(JSON.stringify(listed.body)).not.toContain('canary-wrong-secret-4711');
    expect(kcr.logs.text).not.toContain('canary-wrong-secret-4711');
  });

  it('records nothing for a request that authenticates, nor for the open routes', async () => {
    const before = (await kcr.store.listEvents({ action: 'auth.failure' })).total;
    expect((await request(kcr.app).get('/api/actions/connectors').set('authorization', auditor.authorization)).status).toBe(200);
    expect((await request(kcr.app).get('/healthz')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await kcr.store.listEvents({ action: 'auth.failure' })).total).toBe(before);
  });
});
