import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.js';
import { startServer, type RunningServer } from '../../src/api/startServer.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import type { KcrConfig, PrincipalConfig } from '../../src/config/types.js';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { createLogger } from '../../src/logging/createLogger.js';
import { ReconcilerService } from '../../src/reconciler/ReconcilerService.js';
import { authorizationHeader, hashSecret } from '../../src/security/secretHash.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { EmbeddedTarget } from '../../src/targets/embedded/EmbeddedTarget.js';
import { CapturedLogs } from '../helpers/createTestApp.js';

/** A cheaper scrypt cost for test principals: still real scrypt, verified by the same code. */
const TEST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

/** A principal of a test, with the Authorization header that proves it. */
export interface TestPrincipal {
  config: PrincipalConfig;
  authorization: string;
}

/** An API-key principal with a fresh random key. */
export async function apiKeyPrincipal(name: string, privileges: PrincipalConfig['privileges'], admin = false): Promise<TestPrincipal> {
  const id = `${name}-id`;
  const key = `${name}-key-${Math.random().toString(36).slice(2)}`;
  const config: PrincipalConfig = { name, apiKeyId: id, secretHash: await hashSecret(key, TEST_SCRYPT), privileges, ...(admin ? { admin } : {}) };
  return { config, authorization: authorizationHeader('ApiKey', id, key) };
}

export interface SecureApp {
  app: Express;
  config: KcrConfig;
  store: SqliteStore;
  service: ReconcilerService;
  logs: CapturedLogs;
  dataDir: string;
  /** Listens on loopback (for keep-alive load tests); closed by cleanup. */
  listen(): Promise<string>;
  /** Closes everything; with `keepDir`, the data directory stays (to reopen the store). */
  cleanup(options?: { keepDir?: boolean }): Promise<void>;
}

/**
 * The real app with the reconciler API and the web page, over a real SQLite store in a temp dir,
 * configured through the real loader with the given principals. The write and failed-login
 * limits are raised unless a test sets them, so only the tests about them meet them.
 */
export async function createSecureApp(options: { principals?: PrincipalConfig[]; writeRateLimit?: { burst: number; perSecond: number }; authFailureLimit?: { burst: number; perSecond: number }; dataDir?: string; encryptionKey?: string; logLevel?: string; preconfigured?: KcrConfig['preconfigured'] } = {}): Promise<SecureApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kcr-security-'));
  const registry = createConnectorTypeRegistry();
  const loaded = loadConfig({ cwd: dataDir, env: {}, dataDir, overrides: { logLevel: options.logLevel ?? 'debug', principals: options.principals ?? [], ...(options.preconfigured ? { preconfigured: options.preconfigured } : {}) } });
  const unlimited = { burst: 1_000_000, perSecond: 1_000_000 };
  const config: KcrConfig = { ...loaded, server: { ...loaded.server, writeRateLimit: options.writeRateLimit ?? unlimited, authFailureLimit: options.authFailureLimit ?? unlimited } };
  const store = await openSqliteStore({ dataDir, encryptionKey: options.encryptionKey });
  const target = new EmbeddedTarget({ store, registry, config });
  const service = new ReconcilerService({ config, store, target, registry });
  const logs = new CapturedLogs();
  const logger = createLogger({ level: config.logLevel, destination: logs });
  const app = createApp({ config, store, target, registry, logger, reconciler: service });
  let running: RunningServer | undefined;
  return {
    app, config, store, service, logs, dataDir,
    async listen() {
      running ??= await startServer(app, { host: '127.0.0.1', port: 0, logger });
      return running.url;
    },
    async cleanup(cleanupOptions = {}) {
      await running?.close();
      await target.close();
      await store.close();
      if (!cleanupOptions.keepDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
