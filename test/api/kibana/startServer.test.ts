import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { startServer } from '../../../src/api/startServer.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/** A GET over a keep-alive agent-less socket, resolving with status and body. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { connection: 'keep-alive' } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer', () => {
  it('serves over real HTTP and, on close, lets an in-flight request finish before resolving', async () => {
    t = await createTestApp();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const app = createApp({
      config: t.config,
      store: t.store,
      target: t.target,
      registry: t.registry,
      logger: createLogger({ level: 'silent' }),
      extraRouters: [
        (express) =>
          express.get('/slow', async (_req, res) => {
            arrived();
            await released;
            res.json({ finished: true });
          }),
      ],
    });
    const server = await startServer(app, { host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }) });
    expect((await get(`${server.url}/api/status`)).status).toBe(200);

    const slow = get(`${server.url}/slow`);
    await inFlight;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    await expect(get(`${server.url}/healthz`)).rejects.toThrow();

    release();
    expect(await slow).toEqual({ status: 200, body: '{"finished":true}' });
    await closing;
    expect(closed).toBe(true);
  });
});
