import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, storeSnapshot, type TestApp } from '../../helpers/createTestApp.js';

/** One bad request, what Kibana answers, and proof that nothing changed. */
interface BadRequest {
  title: string;
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  body?: unknown;
  /** Raw text sent as application/json (for malformed JSON). */
  raw?: string;
  xsrf?: boolean;
  status: number;
  message: string;
  code: string;
}

const EXISTING = 'existing-index';
const xsrfOn = true;

const CASES: BadRequest[] = [
  { title: 'create without kbn-xsrf', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.index', config: { index: 'x' } }, xsrf: false, status: 400, message: 'Request must contain a kbn-xsrf header.', code: 'XSRF_HEADER_MISSING' },
  { title: 'update without kbn-xsrf', method: 'put', path: `/api/actions/connector/${EXISTING}`, body: { name: 'x', config: { index: 'x' } }, xsrf: false, status: 400, message: 'Request must contain a kbn-xsrf header.', code: 'XSRF_HEADER_MISSING' },
  { title: 'delete without kbn-xsrf (in a space)', method: 'delete', path: `/s/default/api/actions/connector/${EXISTING}`, xsrf: false, status: 400, message: 'Request must contain a kbn-xsrf header.', code: 'XSRF_HEADER_MISSING' },
  { title: 'malformed JSON', method: 'post', path: '/api/actions/connector', raw: '{"name": "x", ', status: 400, message: 'Invalid request payload JSON format', code: 'BAD_REQUEST' },
  { title: 'unknown connector type', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.nope' }, status: 400, message: 'Action type ".nope" is not registered.', code: 'CONNECTOR_TYPE_NOT_REGISTERED' },
  { title: 'unknown config key', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.index', config: { index: 'x', shouldNotBeHere: true } }, status: 400, message: 'error validating action type config: [shouldNotBeHere]: definition for this key is missing', code: 'CONNECTOR_INVALID' },
  { title: 'missing required config key', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.index', config: {} }, status: 400, message: 'error validating action type config: [index]: expected value of type [string] but got [undefined]', code: 'CONNECTOR_INVALID' },
  { title: 'empty name', method: 'post', path: '/api/actions/connector', body: { name: '', connector_type_id: '.index', config: { index: 'x' } }, status: 400, message: "[request body.name]: value '' is not valid", code: 'VALIDATION_FAILED' },
  { title: 'whitespace-only name', method: 'post', path: '/api/actions/connector', body: { name: '   ', connector_type_id: '.index', config: { index: 'x' } }, status: 400, message: "[request body.name]: value '' is not valid", code: 'VALIDATION_FAILED' },
  { title: 'empty string inside config', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.index', config: { index: '' } }, status: 400, message: "[request body.config.index]: value '' is not valid", code: 'VALIDATION_FAILED' },
  { title: 'missing name', method: 'post', path: '/api/actions/connector', body: { connector_type_id: '.index', config: { index: 'x' } }, status: 400, message: '[request body.name]: expected value of type [string] but got [undefined]', code: 'VALIDATION_FAILED' },
  { title: 'name of the wrong type', method: 'post', path: '/api/actions/connector', body: { name: 42, connector_type_id: '.index', config: { index: 'x' } }, status: 400, message: '[request body.name]: expected value of type [string] but got [number]', code: 'VALIDATION_FAILED' },
  { title: 'secrets: null (provider issue #397)', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.index', config: { index: 'x' }, secrets: null }, status: 400, message: '[request body.secrets]: expected value of type [object] but got [null]', code: 'VALIDATION_FAILED' },
  { title: 'config as an array', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.index', config: ['x'] }, status: 400, message: '[request body.config]: expected value of type [object] but got [Array]', code: 'VALIDATION_FAILED' },
  { title: 'unknown body key', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.index', config: { index: 'x' }, actionTypeId: '.index' }, status: 400, message: '[request body.actionTypeId]: definition for this key is missing', code: 'VALIDATION_FAILED' },
  { title: 'id over 36 characters', method: 'post', path: `/api/actions/connector/${'a'.repeat(37)}`, body: { name: 'x', connector_type_id: '.index', config: { index: 'x' } }, status: 400, message: 'Connector ID must be 36 characters or less (received 37).', code: 'CONNECTOR_ID_INVALID' },
  { title: 'id with capitals and underscores', method: 'post', path: '/api/actions/connector/My_Connector', body: { name: 'x', connector_type_id: '.index', config: { index: 'x' } }, status: 400, message: 'Connector ID must contain only lowercase letters, numbers, and hyphens.', code: 'CONNECTOR_ID_INVALID' },
  { title: 'duplicate id', method: 'post', path: `/api/actions/connector/${EXISTING}`, body: { name: 'x', connector_type_id: '.index', config: { index: 'x' } }, status: 409, message: `Saved object [action/${EXISTING}] conflict`, code: 'CONNECTOR_CONFLICT' },
  { title: 'connector_type_id in an update', method: 'put', path: `/api/actions/connector/${EXISTING}`, body: { name: 'x', connector_type_id: '.index', config: { index: 'x' } }, status: 400, message: '[request body.connector_type_id]: definition for this key is missing', code: 'VALIDATION_FAILED' },
  { title: 'update without a name', method: 'put', path: `/api/actions/connector/${EXISTING}`, body: { config: { index: 'x' } }, status: 400, message: '[request body.name]: expected value of type [string] but got [undefined]', code: 'VALIDATION_FAILED' },
  { title: 'update of a preconfigured connector', method: 'put', path: '/api/actions/connector/my-slack', body: { name: 'x', config: {}, secrets: {} }, status: 400, message: 'Preconfigured action my-slack can not be updated.', code: 'PRECONFIGURED_CONNECTOR' },
  { title: 'delete of a preconfigured connector', method: 'delete', path: '/s/ops/api/actions/connector/my-slack', status: 400, message: 'Preconfigured action my-slack is not allowed to delete.', code: 'PRECONFIGURED_CONNECTOR' },
  { title: 'create over a preconfigured id', method: 'post', path: '/api/actions/connector/my-slack', body: { name: 'x', connector_type_id: '.slack', config: {}, secrets: { webhookUrl: 'https://hooks.slack.com/services/x' } }, status: 400, message: 'This my-slack already exists in a preconfigured action.', code: 'PRECONFIGURED_CONNECTOR' },
  { title: 'create of a system action type', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.cases', config: {}, secrets: {} }, status: 400, message: 'System action creation is forbidden. Action type: .cases.', code: 'SYSTEM_CONNECTOR' },
  { title: 'type disabled by enabledActionTypes', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.teams', config: {}, secrets: { webhookUrl: 'https://hooks.example.com/teams' } }, status: 403, message: 'action type ".teams" is not enabled in the Kibana config xpack.actions.enabledActionTypes', code: 'CONNECTOR_TYPE_DISABLED' },
  { title: 'host not in allowedHosts', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.webhook', config: { url: 'https://evil.example.org/x', hasAuth: false }, secrets: {} }, status: 400, message: 'error validating action type config: error validation webhook action config: target url "https://evil.example.org/x" is not added to the Kibana config xpack.actions.allowedHosts', code: 'CONNECTOR_INVALID' },
  { title: 'update of a missing connector', method: 'put', path: '/api/actions/connector/missing-one', body: { name: 'x', config: { index: 'x' } }, status: 404, message: 'Saved object [action/missing-one] not found', code: 'CONNECTOR_NOT_FOUND' },
  { title: 'get of a system connector id', method: 'get', path: '/api/actions/connector/system-connector-.cases', status: 404, message: 'Connector system-connector-.cases not found', code: 'CONNECTOR_NOT_FOUND' },
  { title: 'get of a missing connector', method: 'get', path: '/s/default/api/actions/connector/missing-one', status: 404, message: 'Saved object [action/missing-one] not found', code: 'CONNECTOR_NOT_FOUND' },
  { title: 'body over the configured limit', method: 'post', path: '/api/actions/connector', body: { name: 'x', connector_type_id: '.index', config: { index: 'x'.repeat(5000) } }, status: 413, message: 'Payload content length greater than maximum allowed: 4096', code: 'PAYLOAD_TOO_LARGE' },
  { title: 'unknown route', method: 'get', path: '/api/actions/nothing-here', status: 404, message: 'Not Found', code: 'NOT_FOUND' },
];

describe('Kibana API error paths', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      server: { bodyLimit: '4kb' },
      actions: { enabledActionTypes: ['.index', '.slack', '.webhook', '.server-log', '.email'], allowedHosts: ['hooks.slack.com', 'hooks.example.com', 'localhost'] },
      preconfigured: { 'my-slack': { actionTypeId: '.slack', name: 'Preconfigured Slack', secrets: { webhookUrl: 'https://hooks.slack.com/services/pre' } } },
    });
    await request(t.app).post(`/api/actions/connector/${EXISTING}`).set('kbn-xsrf', 'true').send({ name: 'existing', connector_type_id: '.index', config: { index: 'existing' } }).expect(200);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it.each(CASES)('$title -> $status', async (c) => {
    const before = await storeSnapshot(t.store, ['default', 'ops']);
    const successEventsBefore = (await t.store.listEvents({ limit: 1000 })).items.filter((event) => event.outcome === 'success').length;
    let call = request(t.app)[c.method](c.path);
    if (c.xsrf ?? xsrfOn) call = call.set('kbn-xsrf', 'true');
    const res = c.raw !== undefined ? await call.set('content-type', 'application/json').send(c.raw) : c.body !== undefined ? await call.send(c.body as object) : await call;

    expect(res.status).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ statusCode: c.status, message: c.message, code: c.code });
    expect(typeof res.body.error).toBe('string');
    expect(await storeSnapshot(t.store, ['default', 'ops'])).toEqual(before);
    expect((await t.store.listEvents({ limit: 1000 })).items.filter((event) => event.outcome === 'success')).toHaveLength(successEventsBefore);
  });

  it('lists every problem of a request in `errors`, with JSON pointers', async () => {
    const res = await request(t.app).post('/api/actions/connector').set('kbn-xsrf', 'true').send({ name: '', connector_type_id: '.index', config: { index: '' }, extra: 1 }).expect(400);
    expect(res.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['/config/index', '/extra', '/name']);
  });

  it('parses a body sent without a content type as JSON, as Kibana does', async () => {
    const res = await request(t.app).post('/api/actions/connector').set('kbn-xsrf', 'true').unset('content-type').send(Buffer.from(JSON.stringify({ name: 'no type', connector_type_id: '.index', config: { index: 'plain' } })));
    expect(res.status).toBe(200);
    expect(res.body.config).toMatchObject({ index: 'plain' });
    await request(t.app).delete(`/api/actions/connector/${res.body.id}`).set('kbn-xsrf', 'true').expect(204);
  });

  it('does not log 4xx as errors', async () => {
    await request(t.app).get('/api/actions/connector/missing-two').expect(404);
    expect(t.logs.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
