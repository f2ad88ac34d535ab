import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeepPartial } from '../../../src/config/loadConfig.js';
import type { KcrConfig } from '../../../src/config/types.js';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

/** A real kcr app on the embedded target (real SQLite in a temp dir), served over HTTP on 127.0.0.1: it plays Kibana. */
export interface RealKcr {
  url: string;
  testApp: TestApp;
  close(): Promise<void>;
}

export async function startRealKcr(overrides: DeepPartial<KcrConfig> = {}): Promise<RealKcr> {
  const testApp = await createTestApp(overrides);
  const server: Server = await new Promise((resolve) => {
    const listening = testApp.app.listen(0, '127.0.0.1', () => resolve(listening));
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
