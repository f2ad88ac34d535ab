import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ListBodyCache } from '../../../src/api/kibana/listBodyCache.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

const xsrf = { 'kbn-xsrf': 'true' };
const indexBody = (name: string) => ({ name, connector_type_id: '.index', config: { index: 'alerts' }, secrets: {} });
const names = (body: Array<{ name: string }>) => body.map((item) => item.name);

let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe('GET /api/actions/connectors served from the rendered body of the space serial', () => {
  it('answers the JSON res.json would send: same content type, same bytes, twice', async () => {
    t = await createTestApp();
    await request(t.app).post('/s/ops/api/actions/connector').set(xsrf).send(indexBody('b')).expect(200);
    await request(t.app).post('/s/ops/api/actions/connector').set(xsrf).send(indexBody('a')).expect(200);
    const first = await request(t.app).get('/s/ops/api/actions/connectors').expect(200);
    const second = await request(t.app).get('/s/ops/api/actions/connectors').expect(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.text).toBe(JSON.stringify(first.body));
    expect(second.text).toBe(first.text);
    expect(names(first.body)).toEqual(['a', 'b']);
  });

  it('shows every write made through the API in the very next list (create, update, delete)', async () => {
    t = await createTestApp();
    expect((await request(t.app).get('/s/ops/api/actions/connectors').expect(200)).body).toEqual([]);
    const created = await request(t.app).post('/s/ops/api/actions/connector/c1').set(xsrf).send(indexBody('first')).expect(200);
    expect(names((await request(t.app).get('/s/ops/api/actions/connectors')).body)).toEqual(['first']);
    await request(t.app).put(`/s/ops/api/actions/connector/${created.body.id}`).set(xsrf).send({ name: 'renamed', config: { index: 'alerts' } }).expect(200);
    expect(names((await request(t.app).get('/s/ops/api/actions/connectors')).body)).toEqual(['renamed']);
    await request(t.app).delete(`/s/ops/api/actions/connector/${created.body.id}`).set(xsrf).expect(204);
    expect((await request(t.app).get('/s/ops/api/actions/connectors')).body).toEqual([]);
  });

  it('shows a write made outside the API once its serial is bumped, as the apply engine and import do', async () => {
    t = await createTestApp();
    await request(t.app).get('/s/ops/api/actions/connectors').expect(200);
    await t.target.createConnector('ops', 'from-apply', '.index', { name: 'applied', config: { index: 'x' }, secrets: new SecretValue({}) });
    await t.store.bumpSerial('ops');
    expect(names((await request(t.app).get('/s/ops/api/actions/connectors')).body)).toEqual(['applied']);
  });

  it('keeps spaces apart: a write to one space leaves the other space\'s list as it was', async () => {
    t = await createTestApp();
    await request(t.app).post('/s/a/api/actions/connector').set(xsrf).send(indexBody('in a')).expect(200);
    const before = await request(t.app).get('/s/b/api/actions/connectors').expect(200);
    await request(t.app).post('/s/a/api/actions/connector').set(xsrf).send(indexBody('also in a')).expect(200);
    expect((await request(t.app).get('/s/b/api/actions/connectors')).text).toBe(before.text);
    expect(names((await request(t.app).get('/s/a/api/actions/connectors')).body)).toEqual(['also in a', 'in a']);
  });
});

describe('ListBodyCache', () => {
  it('serves a body only at the serial it was rendered at', () => {
    const cache = new ListBodyCache();
    cache.set('ops', 3, Buffer.from('[1]'));
    expect(cache.get('ops', 3)?.toString()).toBe('[1]');
    expect(cache.get('ops', 4)).toBeUndefined();
    expect(cache.get('other', 3)).toBeUndefined();
  });

  it('stays within its byte budget, dropping the least recently used space first', () => {
    const cache = new ListBodyCache(10);
    cache.set('a', 1, Buffer.alloc(4));
    cache.set('b', 1, Buffer.alloc(4));
    cache.get('a', 1);
    cache.set('c', 1, Buffer.alloc(4));
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
    cache.set('huge', 1, Buffer.alloc(11));
    expect(cache.get('huge', 1)).toBeUndefined();
  });
});
