import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { KcrError } from '../../../src/errors.js';
import { createTestApp, CapturedLogs, type TestApp } from '../../helpers/createTestApp.js';
import { createLogger } from '../../../src/logging/createLogger.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

async function appThatFails(error: unknown) {
  t = await createTestApp();
  const logs = new CapturedLogs();
  const app = createApp({
    config: t.config,
    store: t.store,
    target: t.target,
    registry: t.registry,
    logger: createLogger({ level: 'info', destination: logs }),
    extraRouters: [
      (express) =>
        express.get('/boom', () => {
          throw error;
        }),
    ],
  });
  return { app, logs };
}

describe('unexpected errors', () => {
  it('answer 500 with a generic message and the Kibana error shape, and are logged with the request id', async () => {
    const { app, logs } = await appThatFails(new Error('database file /srv/kcr/kcr.db is corrupt at page 12'));
    const res = await request(app).get('/boom').set('x-request-id', 'req-500').expect(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'An internal server error occurred.', code: 'INTERNAL' });
    expect(res.text).not.toContain('corrupt');
    const logged = logs.lines.find((line) => line.level === 50);
    expect(logged).toMatchObject({ reqId: 'req-500', code: 'INTERNAL' });
    expect(JSON.stringify(logged)).toContain('corrupt');
  });

  it('keep the code of a 5xx KcrError, with its catalogue description instead of its internal message', async () => {
    const { app } = await appThatFails(new KcrError('STORE_UNAVAILABLE', 'SQLITE_BUSY on /srv/kcr/kcr.db'));
    const res = await request(app).get('/boom').expect(503);
    expect(res.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The store cannot be opened or written.', code: 'STORE_UNAVAILABLE' });
  });

  it('answer an unknown route under a space with the same 404 shape', async () => {
    const { app } = await appThatFails(new Error('unused'));
    const res = await request(app).get('/s/ops/api/nothing').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found', code: 'NOT_FOUND' });
  });
});
