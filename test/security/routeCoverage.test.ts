import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECONCILER_PATHS } from '../../src/api/reconciler/createReconcilerRouter.js';
import { ROUTE_TABLE } from '../../src/security/privileges.js';
import { createSecureApp, type SecureApp } from './secureApp.js';

/**
 * Every API route the service documents has a row in the privilege table: a route added without
 * one would be closed to everyone but admin (deny by default), and this test names it.
 */
describe('the privilege table covers every route', () => {
  let kcr: SecureApp;
  beforeAll(async () => {
    kcr = await createSecureApp();
  });
  afterAll(async () => kcr?.cleanup());

  const rows = new Set(ROUTE_TABLE.map((rule) => `${rule.method} ${rule.path}`));

  it('covers every path and method of the OpenAPI document', async () => {
    const response = await request(kcr.app).get('/api/reconciler/openapi.json');
    expect(response.status).toBe(200);
    const documented = Object.entries(response.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).filter((method) => ['get', 'post', 'put', 'delete', 'patch'].includes(method)).map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThan(10);
    // The web page's routes (/ui/...) need authentication only and check spaces themselves (src/api/ui); the API needs a row.
    const api = documented.filter((row) => !/^\w+ \/ui(\/|$)/.test(row));
    // Path parameter names may differ between the document and the table; compare shapes.
    const shape = (row: string) => row.replace(/:[^/]+/g, ':_').replace(/^(\w+) \/s\/:_/, '$1 ');
    const tableShapes = new Set([...rows].map(shape));
    expect(api.map(shape).filter((row) => !tableShapes.has(row))).toEqual([]);
  });

  it('covers every reconciler path the router declares', () => {
    const shape = (path: string) => path.replace(/:[^/]+/g, ':_');
    const tablePaths = new Set(ROUTE_TABLE.map((rule) => shape(rule.path)));
    expect(Object.values(RECONCILER_PATHS).map(shape).filter((path) => !tablePaths.has(path))).toEqual([]);
  });
});
