import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

/* What schemathesis found on the Kibana-compatible routes (test/robustness/schemathesis.test.ts), kept here without Python. */
describe('Kibana routes: methods and the space prefix', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it.each(['/api/actions/connector/abc', '/s/ops/api/actions/connector/abc', '/api/actions/connectors', '/api/actions/connector'])(
    'answers OPTIONS %s with 404 as Kibana (no CORS) does, not with an Allow header naming only some methods',
    async (path) => {
      const response = await request(t.app).options(path);
      expect(response.status).toBe(404);
      expect(response.headers.allow).toBeUndefined();
    },
  );

  it('answers /s/{space}/api/status only for a space id of Kibana\'s shape', async () => {
    expect((await request(t.app).get('/s/ops-1/api/status')).status).toBe(200);
    const refused = await request(t.app).get('/s/%C2%84/api/status');
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('NOT_FOUND');
  });
});
