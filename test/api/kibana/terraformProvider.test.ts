import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/model/json.js';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

/**
 * Replays what `elasticstack_kibana_action_connector` sends (reference/terraform-provider.md
 * sections 2-3): `/s/default/` prefix, `kbn-xsrf: true` on writes, `config` and `secrets` always
 * sent, a version probe before a create with a chosen id, a GET after every write.
 */

const CONNECTOR_KEYS = ['config', 'connector_type_id', 'id', 'is_deprecated', 'is_missing_secrets', 'is_preconfigured', 'is_system_action', 'name'];

interface ProviderCase {
  type: string;
  config: JsonObject;
  secrets: JsonObject;
  updatedConfig: JsonObject;
  updatedSecrets: JsonObject;
  /** The non-null values Kibana adds to this type's config (what the provider's defaults table expects back). */
  kibanaDefaults: JsonObject;
}

const casesWebhookConfig: JsonObject = {
  createIncidentJson: '{"fields":{"summary":"{{{case.title}}}"}}',
  createIncidentResponseKey: 'id',
  createIncidentUrl: 'https://tickets.example.com/rest/api/2/issue',
  getIncidentResponseExternalTitleKey: 'key',
  getIncidentUrl: 'https://tickets.example.com/rest/api/2/issue/{{{external.system.id}}}',
  updateIncidentJson: '{"fields":{"summary":"{{{case.title}}}"}}',
  updateIncidentUrl: 'https://tickets.example.com/rest/api/2/issue/{{{external.system.id}}}',
  viewIncidentUrl: 'https://tickets.example.com/browse/{{{external.system.title}}}',
};

const CASES: ProviderCase[] = [
  { type: '.index', config: { index: '.kibana', refresh: true }, secrets: {}, updatedConfig: { index: '.kibana', refresh: false, executionTimeField: 'alert_date' }, updatedSecrets: {}, kibanaDefaults: {} },
  { type: '.slack', config: {}, secrets: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/first' }, updatedConfig: {}, updatedSecrets: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/second' }, kibanaDefaults: {} },
  {
    type: '.webhook',
    config: { url: 'https://hooks.example.com/alerts', hasAuth: true, authType: 'webhook-authentication-basic', headers: { 'Content-Type': 'application/json' } },
    secrets: { user: 'hook-user', password: 'hook-password-1' },
    updatedConfig: { url: 'https://hooks.example.com/alerts/v2', method: 'put', hasAuth: true, authType: 'webhook-authentication-basic' },
    updatedSecrets: { user: 'hook-user', password: 'hook-password-2' },
    kibanaDefaults: { method: 'post' },
  },
  {
    type: '.email',
    config: { from: 'test@elastic.co', host: 'localhost', port: 111 },
    secrets: { user: 'mailer', password: 'mail-password-1' },
    updatedConfig: { from: 'alerts@elastic.co', host: 'smtp.example.com', port: 587, secure: false },
    updatedSecrets: { user: 'mailer', password: 'mail-password-2' },
    kibanaDefaults: { hasAuth: true, service: 'other' },
  },
  {
    type: '.gen-ai',
    config: { apiProvider: 'OpenAI', apiUrl: 'https://api.openai.com/v1/chat/completions', defaultModel: 'gpt-4' },
    secrets: { apiKey: 'sk-first-key' },
    updatedConfig: { apiProvider: 'OpenAI', apiUrl: 'https://api.openai.com/v1/chat/completions', defaultModel: 'gpt-4o' },
    updatedSecrets: { apiKey: 'sk-second-key' },
    kibanaDefaults: {},
  },
  {
    type: '.pagerduty',
    config: { apiUrl: 'https://events.pagerduty.com/v2/enqueue' },
    secrets: { routingKey: 'routing-key-1' },
    updatedConfig: {},
    updatedSecrets: { routingKey: 'routing-key-2' },
    kibanaDefaults: {},
  },
  {
    type: '.cases-webhook',
    config: casesWebhookConfig,
    secrets: { user: 'case-user', password: 'case-password-1' },
    updatedConfig: { ...casesWebhookConfig, createIncidentMethod: 'put' },
    updatedSecrets: { user: 'case-user', password: 'case-password-2' },
    // getIncidentMethod is a newer Kibana default; the provider's typed read drops it, so it never shows as a diff.
    // Up to 9.2 Kibana stores no authType (schema.maybe drops its default) and a null createCommentMethod (schema.nullable).
    kibanaDefaults: { hasAuth: true, createIncidentMethod: 'post', updateIncidentMethod: 'put', getIncidentMethod: 'get' },
  },
];

/** The provider drops top-level nulls on read before comparing (terraform-provider.md section 3). */
function withoutNulls(config: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== null));
}

/** What the provider expects back: everything it sent, plus Kibana's defaults for keys it did not send. */
function expectRoundTrip(returned: JsonObject, sent: JsonObject, kibanaDefaults: JsonObject): void {
  expect(withoutNulls(returned)).toEqual({ ...kibanaDefaults, ...sent });
}

describe('Terraform provider request sequence', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('answers the version probe with a Kibana version that allows chosen connector ids', async () => {
    const res = await request(t.app).get('/api/status').expect(200).expect('content-type', /application\/json/);
    const [major, minor] = String(res.body.version.number).split('.').map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(808);
    expect(res.body.version.build_flavor).toBe('traditional');
    expect(res.body.status.overall.level).toBe('available');
    // Like every Kibana route, status also answers under a space prefix.
    expect((await request(t.app).get('/s/team-a/api/status').expect(200)).body).toEqual(res.body);
  });

  it.each(CASES)('$type: create with an id, read, refresh, update, rename, list, delete, delete again', async (c) => {
    const id = '6f1c2b8e-93a4-4b7e-9c1d-2e5f8a7b3c90';
    const base = `/s/default/api/actions`;
    const name = `tf ${c.type}`;
    const xsrf = { 'kbn-xsrf': 'true' };

    const created = await request(t.app).post(`${base}/connector/${id}`).set(xsrf).send({ name, connector_type_id: c.type, config: c.config, secrets: c.secrets }).expect(200);
    expect(Object.keys(created.body).sort()).toEqual(CONNECTOR_KEYS);
    expect(created.body).toMatchObject({ id, name, connector_type_id: c.type, is_preconfigured: false, is_deprecated: false, is_missing_secrets: false, is_system_action: false });
    expectRoundTrip(created.body.config, c.config, c.kibanaDefaults);

    const readAfterWrite = await request(t.app).get(`${base}/connector/${id}`).expect(200);
    expect(readAfterWrite.body).toEqual(created.body);
    const refreshed = await request(t.app).get(`${base}/connector/${id}`).expect(200);
    expect(refreshed.body).toEqual(created.body);

    const updated = await request(t.app).put(`${base}/connector/${id}`).set(xsrf).send({ name, config: c.updatedConfig, secrets: c.updatedSecrets }).expect(200);
    expect(Object.keys(updated.body).sort()).toEqual(CONNECTOR_KEYS);
    expectRoundTrip(updated.body.config, c.updatedConfig, c.kibanaDefaults);
    const afterUpdate = (await t.store.embeddedConnectors.get('default', id))!;
    expect(afterUpdate.secrets.reveal()).toEqual(c.updatedSecrets);

    const renamed = await request(t.app).put(`${base}/connector/${id}`).set(xsrf).send({ name: `${name} renamed`, config: c.updatedConfig, secrets: c.updatedSecrets }).expect(200);
    expect(renamed.body.name).toBe(`${name} renamed`);
    expect(renamed.body.config).toEqual(updated.body.config);
    expect((await request(t.app).get(`${base}/connector/${id}`).expect(200)).body).toEqual(renamed.body);

    const list = await request(t.app).get(`${base}/connectors`).expect(200);
    const matches = (list.body as Array<Record<string, unknown>>).filter((item) => item.name === `${name} renamed`);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toEqual({ ...renamed.body, referenced_by_count: 0 });

    const deleted = await request(t.app).delete(`${base}/connector/${id}`).set(xsrf).expect(204);
    expect(deleted.text).toBe('');
    await request(t.app).get(`${base}/connector/${id}`).expect(404);
    const again = await request(t.app).delete(`${base}/connector/${id}`).set(xsrf).expect(404);
    expect(again.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: `Saved object [action/${id}] not found`, code: 'CONNECTOR_NOT_FOUND' });
  });

  it('never returns secrets, in any response', async () => {
    const secret = 'sk-this-must-never-come-back';
    const res = await request(t.app).post('/s/default/api/actions/connector').set('kbn-xsrf', 'true').send({ name: 'ai', connector_type_id: '.gen-ai', config: { apiProvider: 'OpenAI', apiUrl: 'https://api.openai.com/v1' }, secrets: { apiKey: secret } }).expect(200);
    const bodies = [res.text, (await request(t.app).get(`/s/default/api/actions/connector/${res.body.id}`)).text, (await request(t.app).get('/s/default/api/actions/connectors')).text];
    for (const body of bodies) expect(body).not.toContain(secret);
    expect(t.logs.text).not.toContain(secret);
  });

  it('generates a UUID v4 when the create has no id, and honours the trailing-slash form', async () => {
    const body = { name: 'server log', connector_type_id: '.server-log', config: {}, secrets: {} };
    const res = await request(t.app).post('/s/default/api/actions/connector').set('kbn-xsrf', 'true').send(body).expect(200);
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const slash = await request(t.app).post('/api/actions/connector/').set('kbn-xsrf', 'true').send({ ...body, name: 'server log 2' }).expect(200);
    expect(slash.body.id).not.toBe(res.body.id);
  });

  it('lists connectors sorted by name with referenced_by_count, and types with their flags', async () => {
    for (const name of ['b-index', 'A-index', 'c-index']) {
      await request(t.app).post('/api/actions/connector').set('kbn-xsrf', 'x').send({ name, connector_type_id: '.index', config: { index: name.toLowerCase() } }).expect(200);
    }
    const list = await request(t.app).get('/s/default/api/actions/connectors').expect(200);
    expect(list.body.map((item: { name: string }) => item.name)).toEqual(['A-index', 'b-index', 'c-index']);
    const types = await request(t.app).get('/api/actions/connector_types').expect(200);
    const slack = types.body.find((type: { id: string }) => type.id === '.slack');
    expect(Object.keys(slack).sort()).toEqual(['enabled', 'enabled_in_config', 'enabled_in_license', 'id', 'is_system_action_type', 'minimum_license_required', 'name', 'supported_feature_ids']);
    expect(types.body.some((type: { is_system_action_type: boolean }) => type.is_system_action_type)).toBe(false);
    const genAi = await request(t.app).get('/api/actions/connector_types?feature_id=generativeAIForSecurity').expect(200);
    expect(genAi.body.length).toBeGreaterThan(0);
    for (const type of genAi.body) expect(type.supported_feature_ids).toContain('generativeAIForSecurity');
  });
});
