import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeepPartial } from '../../../src/config/loadConfig.js';
import type { KcrConfig } from '../../../src/config/types.js';
import { createApp } from '../../../src/api/app.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

/** A real kcr app on the embedded target (real SQLite in a temp dir), served over HTTP on 127.0.0.1: it plays Kibana. */
export interface RealKcr {
  url: string;
  testApp: TestApp;
  close(): Promise<void>;
}

/**
 * Starts it. `unlimitedWrites` lifts kcr's per-principal write rate limit (its real 429s would
 * mix with the faults a test injects); the config schema has no key for that yet, so the app is
 * rebuilt from the test app's parts with the limit raised.
 */
export async function startRealKcr(overrides: DeepPartial<KcrConfig> = {}, unlimitedWrites = false): Promise<RealKcr> {
  const testApp = await createTestApp(overrides);
  const app = unlimitedWrites
    ? createApp({
        ...testApp,
        config: { ...testApp.config, server: { ...testApp.config.server, writeRateLimit: { burst: 1_000_000, perSecond: 1_000_000 } } },
        logger: createLogger({ level: testApp.config.logLevel, destination: testApp.logs }),
      })
    : testApp.app;
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    testApp,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.cleanup();
    },
  };
}
