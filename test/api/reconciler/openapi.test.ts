import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledSchema } from '../../../src/schemas/schemaCatalog.js';
import { createReconcilerTestApp, planAndApply, webhookDoc, type ReconcilerTestApp } from './reconcilerTestApp.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | string[];
}

/** Every route registered in the app (method + full path), found by walking express's router stack, mounted routers included. */
function registeredRoutes(app: Express): string[] {
  const found = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue; // the 405 responder of a known path, not an endpoint
          for (const path of paths) found.add(`${method.toUpperCase()} ${normalize(prefix + path)}`);
        }
      } else if (layer.handle.stack) {
        const mounts = layer.rawPath === undefined ? ['/'] : Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
        for (const mount of mounts) walk(layer.handle.stack, mount === '/' ? prefix : prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...found].sort();
}

/** `/s/:spaceId/api/x/:id` and `/s/{space_id}/api/x/{id}` compare equal: parameter names are not part of a route's identity. */
function normalize(path: string): string {
  return path.replace(/:[A-Za-z_]+|\{[^}]+\}/g, '{}');
}

/** True when a request to the route reaches a handler, i.e. is not the app's fallback `404 NOT_FOUND`. */
async function answers(app: Express, route: string): Promise<boolean> {
  const [method, path] = route.split(' ');
  const url = path.replace(/\{\}/g, 'probe');
  const response = await request(app)[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](url).set('kbn-xsrf', 'true').send({});
  return !(response.status === 404 && response.body.code === 'NOT_FOUND');
}

/** Resolves a local `#/...` JSON pointer inside the document. */
function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined), document);
}

describe('GET /api/reconciler/openapi.json', () => {
  let t: ReconcilerTestApp;
  let document: Record<string, any>;
  beforeAll(async () => {
    t = await createReconcilerTestApp();
    const response = await request(t.app).get('/api/reconciler/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(async () => t.cleanup());

  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toContain('kcr');
    expect(Object.keys(document.paths).length).toBeGreaterThan(20);
  });

  it('documents every route registered in the express app (Kibana-compatible and reconciler)', async () => {
    const routes = registeredRoutes(t.app);
    expect(routes).toEqual(expect.arrayContaining(['POST /api/reconciler/plans', 'GET /s/{}/api/actions/connectors', 'GET /metrics']));
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item as object)) documented.add(`${method.toUpperCase()} ${normalize(path)}`);
    }
    const undocumented = routes.filter((route) => !documented.has(route));
    // Middleware routers (authorization guards) register routes too; an endpoint is a route that
    // answers with something other than the app's fallback 404, so each undocumented one is probed.
    const endpoints: string[] = [];
    for (const route of undocumented) if (await answers(t.app, route)) endpoints.push(route);
    expect(endpoints).toEqual([]);
  });

  it('every $ref resolves inside the document', () => {
    const refs: string[] = [];
    const collect = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else collect(value);
        }
      }
    };
    collect(document);
    expect(refs.length).toBeGreaterThan(20);
    const dangling = [...new Set(refs)].filter((ref) => !ref.startsWith('#/') || resolvePointer(document, ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('uses the same schemas that validate requests, and marks writes as needing kbn-xsrf', () => {
    const planPost = document.paths['/api/reconciler/plans'].post;
    expect(planPost.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PlanRequest' });
    expect(document.components.schemas.PlanRequest.required).toEqual(['manifests']);
    expect(planPost.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'kbn-xsrf', in: 'header', required: true })]));
    expect(document.components.schemas.ConnectorConfig_webhook).toBeDefined();
    expect(document.components.schemas.ConnectorSecrets_slack).toBeDefined();
  });

  it('describes what the routes really return (plan and apply record validate against their schemas)', async () => {
    const { plan, apply } = await planAndApply(t.app, [webhookDoc('hook-a', 'https://example.com/a')]);
    const validPlan = compiledSchema('https://kcr.dev/schemas/api/plan.json');
    const validApply = compiledSchema('https://kcr.dev/schemas/api/apply-record.json');
    expect(validPlan(plan), JSON.stringify(validPlan.errors)).toBe(true);
    expect(validApply(apply), JSON.stringify(validApply.errors)).toBe(true);
    const drift = await request(t.app).get('/api/reconciler/drift');
    expect(validPlan(drift.body), JSON.stringify(validPlan.errors)).toBe(true);
  });
});
