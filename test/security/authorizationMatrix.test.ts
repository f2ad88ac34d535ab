import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrincipal, createSecureApp, type SecureApp, type TestPrincipal } from './secureApp.js';

/**
 * Every route x every kind of principal x spaces a and b. Space b's records all carry "bravo" in
 * their names, so "no 2xx response from space b reaches a principal of space a" is a plain
 * search of every body a principal of a receives.
 */
type Space = 'a' | 'b';
type Need = { kind: 'open' } | { kind: 'authenticated' } | { kind: 'admin' } | { kind: 'space'; privilege: 'read' | 'all' };
type Who = 'none' | 'bad key' | 'read a' | 'all a' | 'all *' | 'admin';

interface Call {
  method: string;
  path: string;
  body?: unknown;
  yaml?: string;
}

interface RouteCase {
  name: string;
  need: Need;
  success: number;
  /** Builds the request; may first create what the call consumes (a plan to apply, a connector to delete, a lock to break). */
  call: (space: Space) => Promise<Call>;
  /** Undoes what a refused call left behind (a lock nobody broke would block the next apply). */
  after?: (space: Space) => Promise<void>;
}

const NAME: Record<Space, string> = { a: 'alpha', b: 'bravo' };
const WHO: Who[] = ['none', 'bad key', 'read a', 'all a', 'all *', 'admin'];

/** The privileges of each principal, written out independently of src/security. */
function allowed(who: Who, need: Need, space: Space): boolean | 'unauthenticated' {
  if (need.kind === 'open') return true;
  if (who === 'none' || who === 'bad key') return 'unauthenticated';
  if (need.kind === 'authenticated') return true;
  if (need.kind === 'admin') return who === 'admin';
  if (who === 'all *') return true;
  if (who === 'admin') return need.privilege === 'read';
  if (space === 'b') return false;
  return who === 'all a' || need.privilege === 'read';
}

const manifest = (space: Space, name: string, index: string) => [
  'apiVersion: kcr/v1', 'kind: Connector', `metadata: {name: ${name}}`, 'spec:', `  space_id: ${space}`, `  name: ${name}`, '  connector_type_id: .index', `  config: {index: ${index}}`,
].join('\n');

describe('authorization matrix: principals x routes x spaces', () => {
  let kcr: SecureApp;
  let base: string;
  const principals = new Map<Who, TestPrincipal>();
  const seeded = {} as Record<Space, { connectorId: string; planId: string; applyId: string }>;
  let counter = 0;

  const send = async (who: Who | 'seed', call: Call): Promise<{ status: number; text: string; headers: Headers }> => {
    const headers: Record<string, string> = { 'kbn-xsrf': 'true' };
    const principal = who === 'seed' ? principals.get('all *') : principals.get(who as Who);
    if (who === 'bad key') headers.authorization = principals.get('read a')!.authorization.replace(/.{4}$/, 'AAAA');
    else if (principal && who !== 'none') headers.authorization = principal.authorization;
    let body: string | undefined;
    if (call.yaml !== undefined) {
      headers['content-type'] = 'application/yaml';
      body = call.yaml;
    } else if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    const response = await fetch(`${base}${call.path}`, { method: call.method, headers, body });
    return { status: response.status, text: await response.text(), headers: response.headers };
  };
  const seed = async (call: Call, status: number) => {
    const response = await send('seed', call);
    expect(response.status, `${call.method} ${call.path}: ${response.text}`).toBe(status);
    return response.text === '' ? undefined : JSON.parse(response.text);
  };
  const freshPlan = async (space: Space) => {
    const n = ++counter;
    const plan = await seed({ method: 'POST', path: `/api/reconciler/plans?set=${NAME[space]}-cell-${n}`, yaml: manifest(space, `${NAME[space]}-cell-${n}`, `${NAME[space]}-cell-${n}`) }, 201);
    return plan.plan_id as string;
  };

  beforeAll(async () => {
    principals.set('read a', await apiKeyPrincipal('reader-a', { a: 'read' }));
    principals.set('all a', await apiKeyPrincipal('writer-a', { a: 'all' }));
    principals.set('all *', await apiKeyPrincipal('writer-all', { '*': 'all' }));
    principals.set('admin', await apiKeyPrincipal('admin', {}, true));
    kcr = await createSecureApp({ principals: [...principals.values()].map((p) => p.config) });
    base = await kcr.listen();
    for (const space of ['a', 'b'] as const) {
      const connectorId = randomUUID();
      await seed({ method: 'POST', path: `/s/${space}/api/actions/connector/${connectorId}`, body: { name: `${NAME[space]}-conn`, connector_type_id: '.index', config: { index: `${NAME[space]}-idx` } } }, 200);
      const plan = await seed({ method: 'POST', path: `/api/reconciler/plans?set=${NAME[space]}-set`, yaml: manifest(space, `${NAME[space]}-managed`, `${NAME[space]}-managed`) }, 201);
      const apply = await seed({ method: 'POST', path: `/api/reconciler/plans/${plan.plan_id}/apply` }, 200);
      seeded[space] = { connectorId, planId: plan.plan_id, applyId: apply.apply_id };
    }
  });
  afterAll(async () => kcr?.cleanup());

  const read: Need = { kind: 'space', privilege: 'read' };
  const all: Need = { kind: 'space', privilege: 'all' };
  const ROUTES: RouteCase[] = [
    { name: 'create connector', need: all, success: 200, call: async (s) => ({ method: 'POST', path: `/s/${s}/api/actions/connector`, body: { name: `${NAME[s]}-new`, connector_type_id: '.index', config: { index: 'x' } } }) },
    { name: 'create connector with id', need: all, success: 200, call: async (s) => ({ method: 'POST', path: `/s/${s}/api/actions/connector/${randomUUID()}`, body: { name: `${NAME[s]}-new`, connector_type_id: '.index', config: { index: 'x' } } }) },
    { name: 'get connector', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/s/${s}/api/actions/connector/${seeded[s].connectorId}` }) },
    { name: 'update connector', need: all, success: 200, call: async (s) => ({ method: 'PUT', path: `/s/${s}/api/actions/connector/${seeded[s].connectorId}`, body: { name: `${NAME[s]}-conn`, config: { index: `${NAME[s]}-idx` } } }) },
    {
      name: 'delete connector', need: all, success: 204, call: async (s) => {
        const id = randomUUID();
        await seed({ method: 'POST', path: `/s/${s}/api/actions/connector/${id}`, body: { name: `${NAME[s]}-doomed`, connector_type_id: '.index', config: { index: 'x' } } }, 200);
        return { method: 'DELETE', path: `/s/${s}/api/actions/connector/${id}` };
      },
    },
    { name: 'list connectors', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/s/${s}/api/actions/connectors` }) },
    { name: 'connector types', need: { kind: 'authenticated' }, success: 200, call: async (s) => ({ method: 'GET', path: `/s/${s}/api/actions/connector_types` }) },
    { name: 'status', need: { kind: 'authenticated' }, success: 200, call: async () => ({ method: 'GET', path: '/api/status' }) },
    { name: 'create plan', need: read, success: 201, call: async (s) => ({ method: 'POST', path: `/api/reconciler/plans?set=${NAME[s]}-planned`, yaml: manifest(s, `${NAME[s]}-planned`, 'p') }) },
    { name: 'list plans of a space', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/api/reconciler/plans?space=${s}` }) },
    { name: 'get plan', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/api/reconciler/plans/${seeded[s].planId}` }) },
    { name: 'get plan as text', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/api/reconciler/plans/${seeded[s].planId}?format=text` }) },
    { name: 'apply plan', need: all, success: 200, call: async (s) => ({ method: 'POST', path: `/api/reconciler/plans/${await freshPlan(s)}/apply` }) },
    { name: 'get apply', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/api/reconciler/applies/${seeded[s].applyId}` }) },
    { name: 'drift', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/api/reconciler/drift?set=${NAME[s]}-set` }) },
    { name: 'drift of one space', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/api/reconciler/drift?set=${NAME[s]}-set&space=${s}` }) },
    { name: 'events of a space', need: read, success: 200, call: async (s) => ({ method: 'GET', path: `/api/reconciler/events?space=${s}` }) },
    {
      name: 'break lock', need: { kind: 'admin' }, success: 200, call: async (s) => {
        await kcr.store.acquireLock(s, `test-holder-${NAME[s]}`, 60_000);
        return { method: 'DELETE', path: `/api/reconciler/locks/${s}` };
      },
      after: async (s) => void (await kcr.store.breakLock(s)),
    },
    { name: 'openapi', need: { kind: 'authenticated' }, success: 200, call: async () => ({ method: 'GET', path: '/api/reconciler/openapi.json' }) },
    { name: 'metrics', need: { kind: 'admin' }, success: 200, call: async () => ({ method: 'GET', path: '/metrics' }) },
    { name: 'healthz', need: { kind: 'open' }, success: 200, call: async () => ({ method: 'GET', path: '/healthz' }) },
  ];

  it.each(WHO)('principal "%s": every route in spaces a and b answers 401, 403 or success as its privileges say', async (who) => {
    const cells: string[] = [];
    const expectedCells: string[] = [];
    for (const route of ROUTES) {
      for (const space of ['a', 'b'] as const) {
        const verdict = allowed(who, route.need, space);
        const expected = verdict === 'unauthenticated' ? 401 : verdict ? route.success : 403;
        const response = await send(who, await route.call(space));
        await route.after?.(space);
        cells.push(`${route.name} in ${space}: ${response.status}`);
        expectedCells.push(`${route.name} in ${space}: ${expected}`);
        if (response.status === 401) {
          expect(response.headers.get('www-authenticate')).toMatch(/Basic realm="kcr"/);
          expect(JSON.parse(response.text)).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Unauthorized: missing or invalid credentials' });
        }
        if (response.status === 403) expect(JSON.parse(response.text)).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'FORBIDDEN', message: expect.stringMatching(/^Unauthorized to /) });
        if ((who === 'read a' || who === 'all a') && response.status < 300) expect(response.text, `${route.name} in ${space}`).not.toMatch(/bravo/);
      }
    }
    expect(cells).toEqual(expectedCells);
  });

  const LISTS = ['/api/reconciler/plans', '/api/reconciler/applies', '/api/reconciler/events', '/api/reconciler/inventory', '/api/reconciler/locks', '/api/reconciler/plans?limit=500'];

  it('lists without a space show a principal of a only what a holds, and show b to those who read every space', async () => {
    await kcr.store.acquireLock('b', 'holder-bravo', 60_000);
    for (const path of LISTS) {
      for (const who of ['read a', 'all a'] as const) {
        const response = await send(who, { method: 'GET', path });
        expect(response.status, path).toBe(200);
        expect(response.text, `${who} ${path}`).not.toMatch(/bravo/);
      }
    }
    for (const who of ['all *', 'admin'] as const) {
      for (const path of ['/api/reconciler/plans', '/api/reconciler/applies', '/api/reconciler/events', '/api/reconciler/inventory', '/api/reconciler/locks']) {
        expect((await send(who, { method: 'GET', path })).text, `${who} ${path}`).toMatch(/bravo/);
      }
    }
    await kcr.store.breakLock('b');
    const readerPlans = JSON.parse((await send('read a', { method: 'GET', path: '/api/reconciler/plans' })).text);
    expect(readerPlans.items.length).toBeGreaterThan(0);
    expect(readerPlans.items.every((plan: { spaces: string[] }) => plan.spaces.every((space) => space === 'a'))).toBe(true);
  });

  it("uses Kibana's 403 wording, and a plan over several spaces needs the privilege in each, before anything is stored", async () => {
    const create = await send('read a', { method: 'POST', path: '/s/a/api/actions/connector', body: { name: 'x', connector_type_id: '.slack', secrets: { webhookUrl: 'https://hooks.slack.com/x' } } });
    expect(JSON.parse(create.text).message).toBe('Unauthorized to create a ".slack" action');
    expect(JSON.parse((await send('read a', { method: 'GET', path: '/s/b/api/actions/connectors' })).text).message).toBe('Unauthorized to get actions');
    expect(JSON.parse((await send('read a', { method: 'DELETE', path: `/s/a/api/actions/connector/${seeded.a.connectorId}` })).text).message).toBe('Unauthorized to delete actions');

    const before = (await kcr.store.listPlans({})).total;
    const twoSpaces = `${manifest('a', 'alpha-two', 'i')}\n---\n${manifest('b', 'bravo-two', 'i')}`;
    const refused = await send('all a', { method: 'POST', path: '/api/reconciler/plans?set=two-spaces', yaml: twoSpaces });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).message).toBe('Unauthorized to create plans in space "b"');
    expect((await kcr.store.listPlans({})).total).toBe(before);

    const planned = await send('all *', { method: 'POST', path: '/api/reconciler/plans?set=two-spaces', yaml: twoSpaces });
    expect(planned.status).toBe(201);
    const apply = await send('all a', { method: 'POST', path: `/api/reconciler/plans/${JSON.parse(planned.text).plan_id}/apply` });
    expect(apply.status).toBe(403);
    expect(JSON.parse(apply.text).message).toBe('Unauthorized to apply plans in space "b"');
    expect((await kcr.store.getPlan(JSON.parse(planned.text).plan_id))!.applyId).toBeNull();
  });

  it('closes routes missing from the table to everyone but admin, whatever the case or slashes of the path', async () => {
    for (const path of ['/API/ACTIONS/CONNECTORS', '/s/B/api/actions/connectors', '/api/actions/connectors/', '/api/reconciler/not-a-route']) {
      const response = await send('read a', { method: 'GET', path });
      expect([403, 404], path).toContain(response.status);
      expect(response.text, path).not.toMatch(/bravo/);
    }
    expect((await send('read a', { method: 'GET', path: '/S/b/api/actions/connectors' })).status).toBe(403);
  });

  it('records the authenticated principal, its address and the request id on every event it causes', async () => {
    const id = randomUUID();
    const auditedCreate = await send('all a', { method: 'POST', path: `/s/a/api/actions/connector/${id}`, body: { name: 'alpha-audited', connector_type_id: '.index', config: { index: 'x' } } });
    expect(auditedCreate.status, auditedCreate.text).toBe(200);
    const { items } = await kcr.store.listEvents({ connectorId: id });
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({ actor: 'writer-a', remote_address: expect.stringMatching(/127\.0\.0\.1/), request_id: expect.any(String) });
    const plan = JSON.parse((await send('all a', { method: 'POST', path: '/api/reconciler/plans?set=alpha-audit', yaml: manifest('a', 'alpha-audit', 'audit') })).text);
    const apply = JSON.parse((await send('all a', { method: 'POST', path: `/api/reconciler/plans/${plan.plan_id}/apply` })).text);
    const planEvents = (await kcr.store.listEvents({ limit: 1000 })).items.filter((event) => event.plan_id === plan.plan_id || event.apply_id === apply.apply_id);
    expect(planEvents.map((event) => event.action)).toEqual(expect.arrayContaining(['plan.create']));
    expect(planEvents.length).toBeGreaterThan(1);
    for (const event of planEvents) expect(event, event.action).toMatchObject({ actor: 'writer-a', remote_address: expect.stringMatching(/127\.0\.0\.1/), request_id: expect.any(String) });
    await kcr.store.acquireLock('a', 'stuck-apply', 60_000);
    expect((await send('admin', { method: 'DELETE', path: '/api/reconciler/locks/a' })).status).toBe(200);
    const lockBreaks = (await kcr.store.listEvents({ action: 'lock.break' })).items;
    expect(lockBreaks.length).toBeGreaterThan(0);
    expect(lockBreaks.every((event) => event.actor === 'admin')).toBe(true);
  });

  it('serves the event log read-only: no method writes or deletes events', async () => {
    const before = (await kcr.store.listEvents({})).total;
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await send('admin', { method, path: '/api/reconciler/events', body: { action: 'forged', message: 'x' } });
      expect(response.status, method).toBeGreaterThanOrEqual(400);
      expect(response.status, method).toBeLessThan(500);
    }
    expect((await kcr.store.listEvents({})).total).toBe(before);
  });
});
