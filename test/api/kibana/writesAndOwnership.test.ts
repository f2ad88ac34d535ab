import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryEntry } from '../../../src/model/inventory.js';
import { createTestApp, insertInventoryEntry, storeSnapshot, type TestApp } from '../../helpers/createTestApp.js';

const xsrf = { 'kbn-xsrf': 'true' };
const indexBody = (name: string, index = 'alerts') => ({ name, connector_type_id: '.index', config: { index }, secrets: {} });

function ownedBy(set: string, spaceId: string, connectorId: string): InventoryEntry {
  return {
    set,
    spaceId,
    connectorId,
    manifestName: 'ops-index',
    lastApplied: { name: 'owned', connectorTypeId: '.index', config: { index: 'alerts', refresh: false, executionTimeField: null }, secretsFingerprint: 'none', policy: { protect: false, deletionPolicy: 'Delete', ignoreChanges: [] } },
    appliedAt: '2026-01-01T00:00:00.000Z',
    planId: null,
  };
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe('spaces', () => {
  it('keeps a connector in its own space: 404 from another space, absent from its list', async () => {
    t = await createTestApp();
    await request(t.app).post('/s/team-a/api/actions/connector/shared-id').set(xsrf).send(indexBody('in a')).expect(200);
    await request(t.app).get('/s/team-a/api/actions/connector/shared-id').expect(200);
    const fromB = await request(t.app).get('/s/team-b/api/actions/connector/shared-id').expect(404);
    expect(fromB.body.message).toBe('Saved object [action/shared-id] not found');
    await request(t.app).get('/api/actions/connector/shared-id').expect(404);
    expect((await request(t.app).get('/s/team-b/api/actions/connectors').expect(200)).body).toEqual([]);
    await request(t.app).put('/s/team-b/api/actions/connector/shared-id').set(xsrf).send({ name: 'steal', config: { index: 'x' } }).expect(404);
    await request(t.app).delete('/s/team-b/api/actions/connector/shared-id').set(xsrf).expect(404);
  });

  it('refuses the same id in another space, as Kibana multi-namespace saved objects do (409)', async () => {
    t = await createTestApp();
    await request(t.app).post('/s/team-a/api/actions/connector/shared-id').set(xsrf).send(indexBody('in a')).expect(200);
    const res = await request(t.app).post('/s/team-b/api/actions/connector/shared-id').set(xsrf).send(indexBody('in b')).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: 'Saved object [action/shared-id] conflict' });
  });

  it('lists preconfigured connectors in every space, without config unless exposed, without is_missing_secrets', async () => {
    t = await createTestApp({
      preconfigured: {
        'hidden-slack': { actionTypeId: '.slack', name: 'Hidden', secrets: { webhookUrl: 'https://hooks.slack.com/services/hidden-secret' } },
        'shown-index': { actionTypeId: '.index', name: 'Shown', config: { index: 'history' }, exposeConfig: true },
      },
    });
    for (const space of ['default', 'ops']) {
      const list = await request(t.app).get(`/s/${space}/api/actions/connectors`).expect(200);
      expect(list.body).toEqual([
        { id: 'hidden-slack', name: 'Hidden', connector_type_id: '.slack', is_preconfigured: true, is_deprecated: false, is_system_action: false, referenced_by_count: 0 },
        { id: 'shown-index', name: 'Shown', connector_type_id: '.index', config: { index: 'history', refresh: false, executionTimeField: null }, is_preconfigured: true, is_deprecated: false, is_system_action: false, referenced_by_count: 0 },
      ]);
      expect(list.text).not.toContain('hidden-secret');
    }
    await request(t.app).get('/s/ops/api/actions/connector/hidden-slack').expect(200);
  });
});

describe('connectors owned by a manifest set', () => {
  it('refuses writes with 409 MANAGED_BY_SET naming the set, and changes nothing', async () => {
    t = await createTestApp();
    await request(t.app).post('/s/ops/api/actions/connector/owned').set(xsrf).send(indexBody('owned')).expect(200);
    insertInventoryEntry(t.dataDir, ownedBy('platform', 'ops', 'owned'));
    const before = await storeSnapshot(t.store, ['ops']);

    const put = await request(t.app).put('/s/ops/api/actions/connector/owned').set(xsrf).send({ name: 'hand edit', config: { index: 'other' }, secrets: {} }).expect(409);
    expect(put.body).toMatchObject({ statusCode: 409, code: 'MANAGED_BY_SET' });
    expect(put.body.message).toContain('"platform"');
    await request(t.app).delete('/s/ops/api/actions/connector/owned').set(xsrf).expect(409);
    expect(await storeSnapshot(t.store, ['ops'])).toEqual(before);

    const events = (await t.store.listEvents({ space: 'ops', connectorId: 'owned' })).items;
    const failures = events.filter((event) => event.outcome === 'failure');
    expect(failures.map((event) => event.action).sort()).toEqual(['connector.delete', 'connector.update']);
    for (const event of failures) expect(event).toMatchObject({ set: 'platform', message: expect.stringContaining('MANAGED_BY_SET') });
  });

  it('with managedConnectorWrites: allow, lets the write through and records it as out-of-band', async () => {
    t = await createTestApp({ managedConnectorWrites: 'allow' });
    await request(t.app).post('/s/ops/api/actions/connector/owned').set(xsrf).send(indexBody('owned')).expect(200);
    insertInventoryEntry(t.dataDir, ownedBy('platform', 'ops', 'owned'));

    const res = await request(t.app).put('/s/ops/api/actions/connector/owned').set(xsrf).set('x-request-id', 'req-hand-edit').send({ name: 'hand edit', config: { index: 'other' }, secrets: {} }).expect(200);
    expect(res.body.config.index).toBe('other');
    const [event] = (await t.store.listEvents({ space: 'ops', connectorId: 'owned', action: 'connector.update' })).items;
    expect(event).toMatchObject({ outcome: 'success', set: 'platform', request_id: 'req-hand-edit', origin: 'kibana-api', details: { out_of_band: true, managed_by_set: 'platform' } });
    expect(event.message).toContain('out-of-band');
  });
});

describe('every write is recorded', () => {
  it('bumps the space serial and appends an event with actor, request id and outcome, and never a secret', async () => {
    t = await createTestApp();
    const secret = 'hook-password-never-logged';
    const serial = async () => (await t!.store.getSerials(['ops'])).ops ?? 0;
    const start = await serial();

    await request(t.app).post('/s/ops/api/actions/connector/hook').set(xsrf).set('x-request-id', 'req-1').send({ name: 'hook', connector_type_id: '.webhook', config: { url: 'https://hooks.example.com/a', hasAuth: true }, secrets: { user: 'u', password: secret } }).expect(200);
    expect(await serial()).toBe(start + 1);
    await request(t.app).put('/s/ops/api/actions/connector/hook').set(xsrf).set('x-request-id', 'req-2').send({ name: 'hook 2', config: { url: 'https://hooks.example.com/b', hasAuth: true }, secrets: { user: 'u', password: secret } }).expect(200);
    expect(await serial()).toBe(start + 2);
    await request(t.app).delete('/s/ops/api/actions/connector/hook').set(xsrf).set('x-request-id', 'req-3').expect(204);
    expect(await serial()).toBe(start + 3);
    await request(t.app).delete('/s/ops/api/actions/connector/hook').set(xsrf).set('x-request-id', 'req-4').expect(404);
    expect(await serial()).toBe(start + 3);

    const events = (await t.store.listEvents({ space: 'ops', connectorId: 'hook' })).items.sort((a, b) => String(a.request_id).localeCompare(String(b.request_id)));
    expect(events.map((event) => [event.request_id, event.action, event.outcome])).toEqual([
      ['req-1', 'connector.create', 'success'],
      ['req-2', 'connector.update', 'success'],
      ['req-3', 'connector.delete', 'success'],
      ['req-4', 'connector.delete', 'failure'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ actor: 'anonymous', origin: 'kibana-api', space_id: 'ops', connector_id: 'hook' });
      expect(event.remote_address).toBeTruthy();
    }
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(t.logs.text).not.toContain(secret);
  });

  it('echoes x-request-id and logs one line per request with it', async () => {
    t = await createTestApp();
    const res = await request(t.app).get('/api/actions/connectors').set('x-request-id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
    const generated = await request(t.app).get('/healthz').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.logs.lines.some((line) => line.reqId === 'trace-123' && line.status === 200 && line.path === '/api/actions/connectors')).toBe(true);
  });
});

describe("Kibana's number conversion over the API", () => {
  it('stores and returns a numeric string sent for a number field as a number, on create and on update', async () => {
    t = await createTestApp();
    const smtp = { from: 'alerts@example.com', host: 'smtp.example.com', port: '587' };
    const created = await request(t.app).post('/api/actions/connector/mail').set(xsrf).send({ name: 'mail', connector_type_id: '.email', config: smtp, secrets: { user: 'u', password: 'p' } }).expect(200);
    expect(created.body.config.port).toBe(587);
    expect((await request(t.app).get('/api/actions/connector/mail').expect(200)).body.config.port).toBe(587);
    const updated = await request(t.app).put('/api/actions/connector/mail').set(xsrf).send({ name: 'mail', config: { ...smtp, port: '465' }, secrets: { user: 'u', password: 'p' } }).expect(200);
    expect(updated.body.config.port).toBe(465);
    const refused = await request(t.app).put('/api/actions/connector/mail').set(xsrf).send({ name: 'mail', config: { ...smtp, port: 'smtp' }, secrets: { user: 'u', password: 'p' } }).expect(400);
    expect(refused.body.message).toBe('error validating action type config: [port]: types that failed validation:\n- [port.0]: expected value of type [number] but got [string]\n- [port.1]: expected value to equal [null]');
    expect((await request(t.app).get('/api/actions/connector/mail').expect(200)).body.config.port).toBe(465);
  });
});
