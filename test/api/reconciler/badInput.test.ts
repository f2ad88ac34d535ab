import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReconcilerTestApp, planAndApply, postJsonPlan, webhookDoc, webhookYaml, type ReconcilerTestApp } from './reconcilerTestApp.js';

interface Ids {
  rejectedPlanId: string;
}

interface BadRequestCase {
  name: string;
  send: (app: Express, ids: Ids) => request.Test;
  status: number;
  code: string;
  message: RegExp;
}

const xsrf = { 'kbn-xsrf': 'true' };
const plans = (query = 'set=default') => `/api/reconciler/plans?${query}`;
const validYaml = webhookYaml('hook-new', 'https://example.com/new');
const yamlPost = (app: Express, body: string, query?: string) => request(app).post(plans(query)).set(xsrf).set('content-type', 'application/yaml').send(body);
const jsonPost = (app: Express, body: unknown, query?: string) => request(app).post(plans(query)).set(xsrf).set('content-type', 'application/json').send(body as object);

const CASES: BadRequestCase[] = [
  { name: 'malformed YAML', send: (app) => yamlPost(app, 'apiVersion: kcr/v1\nkind: [Connector\n'), status: 400, code: 'MANIFEST_INVALID', message: /^request\[doc 0\] \/: YAML syntax error at line \d+, column \d+/ },
  { name: 'an invalid manifest (unknown connector type), with its document and pointer', send: (app) => yamlPost(app, `${validYaml}\n---\n${validYaml.replace('hook-new', 'hook-x').replace('.webhook', '.nope')}`), status: 400, code: 'MANIFEST_INVALID', message: /request\[doc 1\] \/spec\/connector_type_id/ },
  { name: 'an ${env:} reference (the server never reads its own environment)', send: (app) => jsonPost(app, { manifests: [{ ...webhookDoc('hook-e', 'https://e.example.com'), spec: { name: 'e', connector_type_id: '.slack', secrets: { webhookUrl: '${env:PATH}' } } }] }), status: 400, code: 'MANIFEST_INVALID', message: /^request\[doc 0\] \/spec\/secrets\/webhookUrl: environment variable PATH is not set/ },
  { name: 'a ${file:} reference (no server files are read)', send: (app) => jsonPost(app, { manifests: [{ ...webhookDoc('hook-f', 'https://f.example.com'), spec: { name: 'f', connector_type_id: '.slack', secrets: { webhookUrl: '${file:/etc/hostname}' } } }] }), status: 400, code: 'MANIFEST_INVALID', message: /\$\{file:\/etc\/hostname\} cannot be used in manifests sent as text/ },
  { name: 'a wrong content type', send: (app) => request(app).post(plans()).set(xsrf).set('content-type', 'text/plain').send(validYaml), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /content type "text\/plain" is not accepted: send manifests as application\/yaml/ },
  { name: 'no content type', send: (app) => request(app).post(plans()).set(xsrf), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /content type "none" is not accepted/ },
  { name: 'malformed JSON', send: (app) => request(app).post(plans()).set(xsrf).set('content-type', 'application/json').send('{"manifests": [}'), status: 400, code: 'BAD_REQUEST', message: /^Invalid request payload JSON format$/ },
  { name: 'JSON without manifests', send: (app) => jsonPost(app, { connectors: [] }), status: 400, code: 'VALIDATION_FAILED', message: /expected \{"manifests": \[<manifest>, \.\.\.\]\}.*manifests/ },
  { name: 'manifests not an array', send: (app) => jsonPost(app, { manifests: { a: 1 } }), status: 400, code: 'VALIDATION_FAILED', message: /\/manifests: must be array/ },
  { name: 'sources not matching the manifests', send: (app) => jsonPost(app, { manifests: [webhookDoc('hook-s', 'https://s.example.com')], sources: [] }), status: 400, code: 'VALIDATION_FAILED', message: /one entry per manifest/ },
  { name: 'invalid set name characters', send: (app) => yamlPost(app, validYaml, 'set=Team_A!'), status: 400, code: 'BAD_REQUEST', message: /set name "Team_A!" is invalid/ },
  { name: 'a set name over 63 characters', send: (app) => yamlPost(app, validYaml, `set=${'a'.repeat(64)}`), status: 400, code: 'BAD_REQUEST', message: /set name "a{64}" is invalid: expected 1-63/ },
  { name: 'a bad max_deletes', send: (app) => yamlPost(app, validYaml, 'set=default&max_deletes=-1'), status: 400, code: 'BAD_REQUEST', message: /query parameter "max_deletes" must be a whole number >= 0, got "-1"/ },
  { name: 'a bad allow_empty', send: (app) => yamlPost(app, validYaml, 'set=default&allow_empty=yes'), status: 400, code: 'BAD_REQUEST', message: /"allow_empty" must be "true" or "false"/ },
  { name: 'a bad space id', send: (app) => yamlPost(app, validYaml, 'set=default&space=Ops%20Team'), status: 400, code: 'BAD_REQUEST', message: /"space" must be a space id/ },
  { name: 'a misspelt query parameter', send: (app) => yamlPost(app, validYaml, 'sett=default'), status: 400, code: 'BAD_REQUEST', message: /unknown query parameter "sett"; this route accepts one of: set, space, allow_empty, max_deletes/ },
  { name: 'a body over the configured limit (YAML)', send: (app) => yamlPost(app, `${validYaml}\n# ${'x'.repeat(4096)}`), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /greater than maximum allowed: 2048|over the configured limit of 2kb/ },
  { name: 'a body over the configured limit (JSON)', send: (app) => jsonPost(app, { manifests: [webhookDoc('hook-big', `https://example.com/${'x'.repeat(4096)}`)] }), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /greater than maximum allowed: 2048|over the configured limit of 2kb/ },
  { name: 'a write without kbn-xsrf', send: (app) => request(app).post(plans()).set('content-type', 'application/yaml').send(validYaml), status: 400, code: 'XSRF_HEADER_MISSING', message: /^Request must contain a kbn-xsrf header\.$/ },
  { name: 'a bad limit', send: (app) => request(app).get('/api/reconciler/plans?limit=0'), status: 400, code: 'BAD_REQUEST', message: /"limit" must be a whole number from 1 to 1000, got "0"/ },
  { name: 'a limit over 1000', send: (app) => request(app).get('/api/reconciler/events?limit=5000'), status: 400, code: 'BAD_REQUEST', message: /"limit" must be a whole number from 1 to 1000/ },
  { name: 'a bad since', send: (app) => request(app).get('/api/reconciler/events?since=yesterday'), status: 400, code: 'BAD_REQUEST', message: /"since" must be an ISO 8601 date/ },
  { name: 'a bad has_changes', send: (app) => request(app).get('/api/reconciler/plans?has_changes=maybe'), status: 400, code: 'BAD_REQUEST', message: /"has_changes" must be "true" or "false"/ },
  { name: 'a bad format', send: (app, ids) => request(app).get(`/api/reconciler/plans/${ids.rejectedPlanId}?format=xml`), status: 400, code: 'BAD_REQUEST', message: /"format" must be "json" or "text"/ },
  { name: 'a bad apply status filter', send: (app) => request(app).get('/api/reconciler/applies?status=done'), status: 400, code: 'BAD_REQUEST', message: /"status" must be one of running, succeeded/ },
  { name: 'a drift report of an invalid set', send: (app) => request(app).get('/api/reconciler/drift?set=..'), status: 400, code: 'BAD_REQUEST', message: /set name "\.\." is invalid/ },
  { name: 'an unknown plan id', send: (app) => request(app).get('/api/reconciler/plans/pln_nope'), status: 404, code: 'PLAN_NOT_FOUND', message: /^no stored plan with id "pln_nope"$/ },
  { name: 'applying an unknown plan id', send: (app) => request(app).post('/api/reconciler/plans/pln_nope/apply').set(xsrf), status: 404, code: 'PLAN_NOT_FOUND', message: /no stored plan with id "pln_nope"/ },
  { name: 'an unknown apply id', send: (app) => request(app).get('/api/reconciler/applies/apl_nope'), status: 404, code: 'APPLY_NOT_FOUND', message: /^no apply with id "apl_nope"$/ },
  { name: 'applying a plan with errors', send: (app, ids) => request(app).post(`/api/reconciler/plans/${ids.rejectedPlanId}/apply`).set(xsrf), status: 409, code: 'PLAN_NOT_APPLYABLE', message: /has errors and can never be applied/ },
  { name: 'breaking a lock no one holds', send: (app) => request(app).delete('/api/reconciler/locks/default').set(xsrf), status: 404, code: 'LOCK_NOT_FOUND', message: /^no lock is held on space "default"$/ },
  { name: 'an unknown route', send: (app) => request(app).get('/api/reconciler/planz'), status: 404, code: 'NOT_FOUND', message: /Not Found/ },
  { name: 'a method the route does not accept', send: (app) => request(app).put('/api/reconciler/plans').set(xsrf), status: 405, code: 'METHOD_NOT_ALLOWED', message: /PUT is not allowed on \/api\/reconciler\/plans; allowed: GET, POST, HEAD/ },
];

describe('bad requests to the reconciler API', () => {
  let t: ReconcilerTestApp;
  const ids: Ids = { rejectedPlanId: '' };

  beforeAll(async () => {
    t = await createReconcilerTestApp({ server: { bodyLimit: '2kb' } });
    await planAndApply(t.app, [webhookDoc('hook-a', 'https://example.com/a')]);
    const rejected = await postJsonPlan(t.app, []);
    expect(rejected.status).toBe(422);
    ids.rejectedPlanId = rejected.body.attributes.plan_id;
  });
  afterAll(async () => t.cleanup());

  /** Everything a bad request must leave as it was. */
  const snapshot = async () => ({
    plans: (await t.store.listPlans({ limit: 1000 })).total,
    applies: (await t.store.listApplies({ limit: 1000 })).total,
    events: (await t.store.listEvents({ limit: 1000 })).total,
    serials: await t.store.getSerials(['default', 'ops']),
    connectors: await t.store.embeddedConnectors.count(),
    inventory: await t.store.listInventory(),
    locks: await t.store.listLocks(),
  });

  it('has at least 15 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES)('$name: $status $code, and nothing is written', async ({ send, status, code, message }) => {
    const before = await snapshot();
    const response = await send(t.app, ids);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ statusCode: status, code });
    expect(response.body.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('lists every manifest problem at once, each with its document and JSON pointer', async () => {
    const body = [webhookYaml('hook-ok', 'https://ok.example.com'), 'apiVersion: kcr/v2\nkind: Connector', 'apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: Bad_Name}\nspec: {name: "", connector_type_id: .index, config: {}}'].join('\n---\n');
    const response = await yamlPost(t.app, body);
    expect(response.status).toBe(400);
    const paths = (response.body.errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['request[1]/apiVersion', 'request[2]/metadata/name', 'request[2]/spec/name']));
    for (const error of response.body.errors) expect(error.message.length).toBeGreaterThan(5);
  });
});
