import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIBANA_CASES } from '../../connector-types/kibanaCases.js';
import { ONLY_OK } from '../../connector-types/kibanaCaseHelpers.js';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

/*
 * Every creatable connector type over kcr's Kibana API, against what Kibana 8.x (to 8.19) and
 * 9.0-9.2 do: the exact config stored on create (its defaults included, nothing more), and the
 * exact 400 message for each required field left out and each cross-field rule.
 */
const xsrf = { 'kbn-xsrf': 'true' };

let open: TestApp;
let restricted: TestApp;
beforeAll(async () => {
  // Some 200 writes in a row: lift the write rate limit (100 at once) that would answer 429.
  const server = { writeRateLimit: { burst: 10_000, perSecond: 1_000 } };
  open = await createTestApp({ server });
  restricted = await createTestApp({ server, actions: { allowedHosts: ONLY_OK } });
});
afterAll(async () => {
  await open.cleanup();
  await restricted.cleanup();
});

describe.each(KIBANA_CASES.map((typeCase) => [typeCase.typeId, typeCase] as const))('%s as Kibana takes it', (typeId, typeCase) => {
  it.each(typeCase.accepted.map((accepted) => [accepted.title, accepted] as const))('stores exactly what Kibana stores: %s', async (_title, accepted) => {
    const body = { name: `${typeId} ${accepted.title}`, connector_type_id: typeId, config: accepted.config, secrets: accepted.secrets };
    const created = await request(open.app).post('/api/actions/connector').set(xsrf).send(body).expect(200);
    expect(created.body.config).toEqual(accepted.stored);
    const read = await request(open.app).get(`/api/actions/connector/${created.body.id as string}`).expect(200);
    expect(read.body.config).toEqual(accepted.stored);
  });

  it.each(typeCase.refusals.map((refusal) => [refusal.title, refusal] as const))('refuses with Kibana\'s words: %s', async (_title, refusal) => {
    const app = refusal.allowedHosts ? restricted.app : open.app;
    const body = { name: `${typeId} refused`, connector_type_id: typeId, config: refusal.config, secrets: refusal.secrets };
    const refused = await request(app).post('/api/actions/connector').set(xsrf).send(body).expect(400);
    expect(refused.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: refusal.message });
  });
});

describe('several problems at once: Kibana names the first key in its schema order, unknown keys last', () => {
  it.each([
    ['.cases-webhook', {}, {}, 'error validating action type config: [createIncidentUrl]: expected value of type [string] but got [undefined]'],
    ['.jira', {}, {}, 'error validating action type config: [apiUrl]: expected value of type [string] but got [undefined]'],
    ['.index', { shouldNotBeHere: 1 }, {}, 'error validating action type config: [index]: expected value of type [string] but got [undefined]'],
    ['.email', {}, {}, 'error validating action type config: [from]: expected value of type [string] but got [undefined]'],
    ['.jira', { apiUrl: 'https://j.example.com', projectKey: 'P' }, {}, 'error validating action type secrets: [email]: expected value of type [string] but got [undefined]'],
  ])('%s with config %j', async (typeId, config, secrets, message) => {
    const refused = await request(open.app).post('/api/actions/connector').set(xsrf).send({ name: 'x', connector_type_id: typeId, config, secrets }).expect(400);
    expect(refused.body.message).toBe(message);
  });
});

describe('a body without secrets is a body with empty secrets, as in Kibana', () => {
  it('creates an email connector with hasAuth false and no secrets key at all', async () => {
    const config = { from: 'a@example.com', host: 'smtp.example.com', port: 25, hasAuth: false };
    const created = await request(open.app).post('/api/actions/connector').set(xsrf).send({ name: 'no auth', connector_type_id: '.email', config }).expect(200);
    expect(created.body.config).toMatchObject({ ...config, service: 'other' });
  });
});

describe('an update is judged like a create', () => {
  it('refuses an email update that drops the port of an SMTP server, with the same words', async () => {
    const body = { name: 'smtp', connector_type_id: '.email', config: { from: 'a@example.com', host: 'smtp.example.com', port: 25 }, secrets: { user: 'u', password: 'p' } };
    const created = await request(open.app).post('/api/actions/connector').set(xsrf).send(body).expect(200);
    const refused = await request(open.app)
      .put(`/api/actions/connector/${created.body.id as string}`)
      .set(xsrf)
      .send({ name: 'smtp', config: { from: 'a@example.com', host: 'smtp.example.com' }, secrets: { user: 'u', password: 'p' } })
      .expect(400);
    expect(refused.body.message).toBe('error validating action type config: [port] is required');
  });
});
