import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrincipal, createSecureApp, type SecureApp, type TestPrincipal } from './secureApp.js';

/**
 * Kibana answers a write in this order: 401 (authentication), 400 without kbn-xsrf (core), 400
 * for a malformed body (route validation), and only then 403 (the actions client authorizes).
 */
describe("Kibana's order of checks on connector writes", () => {
  let secure: SecureApp;
  let reader: TestPrincipal;
  beforeAll(async () => {
    reader = await apiKeyPrincipal('reader', { default: 'read' });
    secure = await createSecureApp({ principals: [reader.config] });
  });
  afterAll(() => secure.cleanup());

  const xsrf = { 'kbn-xsrf': 'true' };
  const slack = { name: 'hook', connector_type_id: '.slack', secrets: { webhookUrl: 'https://hooks.slack.com/services/x' } };

  it('answers 401 before anything else', async () => {
    await request(secure.app).post('/api/actions/connector').send({}).expect(401);
  });

  it.each([
    ['a create without kbn-xsrf', 'post', '/api/actions/connector', {}, slack, 'Request must contain a kbn-xsrf header.'],
    ['a create without a name', 'post', '/s/default/api/actions/connector', xsrf, { connector_type_id: '.slack' }, '[request body.name]: expected value of type [string] but got [undefined]'],
    ['an update that sends connector_type_id', 'put', '/api/actions/connector/any-id', xsrf, { ...slack }, '[request body.connector_type_id]: definition for this key is missing'],
  ] as const)('gives a read-only principal the 400 for %s, not a 403', async (_label, method, path, headers, body, message) => {
    const response = await request(secure.app)[method](path).set({ authorization: reader.authorization, ...headers }).send(body).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message });
  });

  it('gives it the 403 once the request itself is well formed, and writes nothing', async () => {
    const response = await request(secure.app).post('/api/actions/connector').set({ authorization: reader.authorization, ...xsrf }).send(slack).expect(403);
    expect(response.body.message).toBe('Unauthorized to create a ".slack" action');
    expect(await secure.store.embeddedConnectors.count()).toBe(0);
  });
});
