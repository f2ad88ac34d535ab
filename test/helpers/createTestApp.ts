import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.js';
import { loadConfig, type DeepPartial } from '../../src/config/loadConfig.js';
import type { KcrConfig } from '../../src/config/types.js';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import type { ConnectorTypes } from '../../src/connector-types/types.js';
import { createLogger } from '../../src/logging/createLogger.js';
import type { InventoryEntry } from '../../src/model/inventory.js';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../src/store/Store.js';
import { EmbeddedTarget } from '../../src/targets/embedded/EmbeddedTarget.js';

/** Log lines captured from the app's logger, parsed, plus the raw text (to search for leaks). */
export class CapturedLogs extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  text = '';

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    const text = chunk.toString('utf8');
    this.text += text;
    for (const line of text.split('\n')) if (line.trim() !== '') this.lines.push(JSON.parse(line) as Record<string, unknown>);
    callback();
  }
}

export interface TestApp {
  app: Express;
  config: KcrConfig;
  store: Store;
  target: EmbeddedTarget;
  registry: ConnectorTypes;
  logs: CapturedLogs;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * The real app over a real SQLite store in a fresh temp directory, the real registry and the
 * embedded target, configured through the real loader (so overrides are validated as in production).
 */
export async function createTestApp(overrides: DeepPartial<KcrConfig> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kcr-api-'));
  const registry = createConnectorTypeRegistry();
  const config = loadConfig({ cwd: dataDir, env: {}, dataDir, overrides: { logLevel: 'debug', ...overrides } });
  const store = await openSqliteStore({ dataDir });
  const target = new EmbeddedTarget({ store, registry, config });
  const logs = new CapturedLogs();
  const logger = createLogger({ level: config.logLevel, destination: logs });
  const app = createApp({ config, store, target, registry, logger });
  return {
    app,
    config,
    store,
    target,
    registry,
    logs,
    dataDir,
    async cleanup() {
      await target.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Records that a manifest set owns a connector, the way an apply leaves it. Written straight to
 * the store's file: the Store interface only changes the inventory inside an apply, and these
 * tests are about the API's reaction to ownership, not about applies.
 */
export function insertInventoryEntry(dataDir: string, entry: InventoryEntry): void {
  const db = new Database(join(dataDir, 'kcr.db'));
  try {
    db.prepare(`INSERT INTO inventory (space_id, connector_id, set_name, manifest_name, last_applied, applied_at, plan_id)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(entry.spaceId, entry.connectorId, entry.set, entry.manifestName, JSON.stringify(entry.lastApplied), entry.appliedAt, entry.planId);
  } finally {
    db.close();
  }
}

/** What a failed request must leave untouched: every connector of the spaces and their serials. */
export async function storeSnapshot(store: Store, spaceIds: string[] = ['default']): Promise<unknown> {
  const connectors = await Promise.all(spaceIds.map((spaceId) => store.embeddedConnectors.list(spaceId)));
  return {
    connectors: connectors.flat().map((row) => ({ ...row, secrets: undefined })),
    fingerprints: connectors.flat().map((row) => row.secretsFingerprint),
    serials: await store.getSerials(spaceIds),
  };
}
