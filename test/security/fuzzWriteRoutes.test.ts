import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrincipal, createSecureApp, type SecureApp } from './secureApp.js';

/**
 * At least 10,000 random or mutated bodies at the write routes (create, create with id, update,
 * plan as JSON and as YAML), over one keep-alive connection to a real listening server. Every
 * answer is below 500; every rejection is a 4xx in the one error shape with a message; and a
 * rejected request leaves the store exactly as it was (connectors, serials, plans, events).
 */
const RUNS = Number(process.env.KCR_FUZZ_RUNS ?? 10_000);

const VALID_CREATE = { name: 'fuzz', connector_type_id: '.webhook', config: { url: 'https://example.com/hook', method: 'post', hasAuth: true }, secrets: { user: 'u', password: 'p' } };
const VALID_UPDATE = { name: 'fuzz', config: { url: 'https://example.com/hook', method: 'post', hasAuth: true }, secrets: { user: 'u', password: 'p' } };
const VALID_MANIFEST = { apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: 'fuzz' }, spec: { space_id: 'p', name: 'fuzz', connector_type_id: '.index', config: { index: 'fuzz' } } };
const VALID_YAML = 'apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: fuzz}\nspec:\n  space_id: p\n  name: fuzz\n  connector_type_id: .index\n  config: {index: fuzz}\n';

const FIELD_PATHS = [
  'name', 'connector_type_id', 'config', 'secrets', 'config.url', 'config.method', 'config.hasAuth', 'config.headers', 'secrets.user', 'secrets.password',
  'manifests', 'manifests.0', 'manifests.0.spec', 'manifests.0.spec.config', 'manifests.0.metadata.name', 'manifests.0.spec.connector_type_id', 'manifests.0.spec.space_id',
  '__proto__', 'constructor', 'extra', 'sources',
];

function setPath(target: Record<string, unknown>, path: string, value: unknown, remove: boolean): void {
  const keys = path.split('.');
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (!node || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[key];
  }
  if (!node || typeof node !== 'object') return;
  const last = keys[keys.length - 1]!;
  if (remove) delete (node as Record<string, unknown>)[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

/** A valid body with one field replaced (by any JSON value) or removed. */
const mutatedJson = (base: object) =>
  fc.tuple(fc.constantFrom(...FIELD_PATHS), fc.jsonValue({ maxDepth: 3 }), fc.boolean()).map(([path, value, remove]) => {
    const copy = structuredClone(base) as Record<string, unknown>;
    setPath(copy, path, value, remove);
    return JSON.stringify(copy);
  });

/** A valid text with a slice cut out or random text spliced in. */
const mutatedText = (text: string) =>
  fc.tuple(fc.nat(text.length), fc.nat(20), fc.string({ maxLength: 20 })).map(([at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut));

const deepNesting = fc.tuple(fc.integer({ min: 20, max: 5000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => {
  const close = open === '[' ? ']' : '}';
  return `{"name":${open.repeat(depth)}1${close.repeat(depth)}}`;
});

const jsonBodies = (base: object) => fc.oneof(
  { weight: 4, arbitrary: mutatedJson(base) },
  { weight: 2, arbitrary: mutatedText(JSON.stringify(base)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: deepNesting },
);

interface Attempt {
  method: 'POST' | 'PUT';
  path: string;
  contentType: string;
  body: string;
}

describe('property: random and mutated bodies at the write routes', () => {
  let kcr: SecureApp;
  let client: Client;
  let authorization: string;
  let updatableId: string;

  beforeAll(async () => {
    const writer = await apiKeyPrincipal('fuzzer', { '*': 'all' });
    authorization = writer.authorization;
    // Request lines are info: at warn the fuzz measures the routes, not the log capture.
    kcr = await createSecureApp({ principals: [writer.config], logLevel: 'warn' });
    client = new Client(await kcr.listen(), { pipelining: 1 });
    updatableId = randomUUID();
    const created = await send({ method: 'POST', path: `/s/a/api/actions/connector/${updatableId}`, contentType: 'application/json', body: JSON.stringify(VALID_CREATE) });
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    await client?.close();
    await kcr?.cleanup();
  });

  async function send(attempt: Attempt): Promise<{ status: number; text: string }> {
    const response = await client.request({
      method: attempt.method, path: attempt.path, body: attempt.body,
      headers: { authorization, 'kbn-xsrf': 'fuzz', 'content-type': attempt.contentType },
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  /** What a rejected request must not change (the event log may only gain `failure` entries: rejections are audited). */
  async function snapshot(): Promise<string> {
    // Every connector write bumps its space's serial, so serials and the count catch any change without reading every row.
    const updatable = await kcr.store.embeddedConnectors.get('a', updatableId);
    return JSON.stringify({
      connectors: await kcr.store.embeddedConnectors.count(),
      updatable: updatable && [updatable.name, updatable.config, updatable.secretsFingerprint, updatable.updatedAt],
      serials: await kcr.store.getSerials(['a', 'default', 'p']),
      plans: (await kcr.store.listPlans({ limit: 1 })).total,
    });
  }

  async function eventCount(): Promise<number> {
    return (await kcr.store.listEvents({ limit: 1 })).total;
  }

  it(`answers ${RUNS} bodies with no 5xx, a 4xx with a message for each rejection, and no change from any rejection`, async () => {
    const attempts: fc.Arbitrary<Attempt> = fc.oneof(
      jsonBodies(VALID_CREATE).map((body) => ({ method: 'POST' as const, path: '/s/a/api/actions/connector', contentType: 'application/json', body })),
      jsonBodies(VALID_CREATE).map((body) => ({ method: 'POST' as const, path: `/api/actions/connector/${randomUUID()}`, contentType: 'application/json', body })),
      jsonBodies(VALID_UPDATE).map((body) => ({ method: 'PUT' as const, path: `/s/a/api/actions/connector/${updatableId}`, contentType: 'application/json', body })),
      jsonBodies({ manifests: [VALID_MANIFEST] }).map((body) => ({ method: 'POST' as const, path: '/api/reconciler/plans?set=fuzz', contentType: 'application/json', body })),
      fc.oneof(mutatedText(VALID_YAML), fc.string({ maxLength: 200 }), deepNesting).map((body) => ({ method: 'POST' as const, path: '/api/reconciler/plans?set=fuzz', contentType: 'application/yaml', body })),
    );
    let before = await snapshot();
    let eventsBefore = await eventCount();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(attempts, async (attempt) => {
        const response = await send(attempt);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, response.text).toBeLessThan(500);
        const after = await snapshot();
        if (response.status >= 400) {
          const body = JSON.parse(response.text) as { statusCode: number; message: string; code: string };
          expect(body.statusCode).toBe(response.status);
          expect(typeof body.message === 'string' && body.message.length > 0).toBe(true);
          expect(body.code).toMatch(/^[A-Z_]+$/);
          // A plan refused by a safety rule is stored for review (SPEC 5); every other rejection changes nothing.
          if (body.code !== 'PLAN_REJECTED') {
            expect(after).toBe(before);
            const added = (await eventCount()) - eventsBefore;
            if (added > 0) expect((await kcr.store.listEvents({ limit: added })).items.every((event) => event.outcome === 'failure')).toBe(true);
            eventsBefore += added;
            return;
          }
        }
        before = after;
        eventsBefore = await eventCount();
      }),
      { numRuns: RUNS, seed: 20261129, endOnFailure: true },
    );
    // The fuzz reached the routes' own validation, not only the edges.
    expect([...statuses.keys()].some((status) => status === 400)).toBe(true);
    expect([...statuses.values()].reduce((sum, n) => sum + n, 0)).toBe(RUNS);
    expect((await send({ method: 'POST', path: '/s/a/api/actions/connector', contentType: 'application/json', body: JSON.stringify(VALID_CREATE) })).status).toBe(200);
  }, 240_000); // ~25 s on an idle 2-core machine; the bound only stops a hang when the machine is shared
});
