import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyRecord } from '../../src/model/apply.js';
import { DEFAULT_POLICY } from '../../src/model/desired.js';
import type { InventoryEntry } from '../../src/model/inventory.js';
import type { Plan, PlannedOperation, StoredPlan } from '../../src/model/plan.js';
import { openSqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../src/store/Store.js';

/** Opens stores of one implementation over one shared location (so two instances can race). */
export interface StoreHarness {
  open(options?: { now?: () => Date }): Promise<Store>;
  cleanup(): Promise<void>;
}

/** A fresh temp data directory per harness; every store opened on it is closed at cleanup. */
export async function sqliteHarness(extra: Partial<SqliteStoreOptions> = {}): Promise<StoreHarness & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kcr-store-'));
  const opened: Store[] = [];
  return {
    dataDir,
    async open(options = {}) {
      const store = await openSqliteStore({ dataDir, ...extra, ...options });
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const store of opened) await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A settable clock for lease expiry. */
export function manualClock(start = '2026-01-01T00:00:00.000Z'): { now: () => Date; advance(ms: number): void } {
  let current = new Date(start).getTime();
  return { now: () => new Date(current), advance: (ms) => (current += ms) };
}

export function makePlan(planId: string, overrides: Partial<Plan> = {}): Plan {
  return {
    format_version: '1.0', plan_id: planId, created_at: '2026-01-01T00:00:00.000Z', set: 'default', target: 'embedded',
    desired_digest: 'sha256:00', base_serials: { default: 0 }, has_changes: true, applyable: true, spaces: ['default'],
    summary: { create: 1, update: 0, replace: 0, delete: 0, no_op: 0, forget: 0 }, resource_changes: [], warnings: [], errors: [],
    ...overrides,
  };
}

export function makeOperation(index: number, connectorId: string, spaceId = 'default'): PlannedOperation {
  return {
    index, kind: 'create', spaceId, connectorId, connectorTypeId: '.webhook', name: `hook ${connectorId}`, config: { url: 'https://example.org' },
    secretsIndex: index, inventoryAfter: inventoryEntry('default', spaceId, connectorId),
  };
}

export function makeStoredPlan(planId: string, operations: PlannedOperation[] = [makeOperation(0, 'c0')], plan: Partial<Plan> = {}): StoredPlan {
  return { plan: makePlan(planId, plan), operations, appliedAt: null, applyId: null };
}

export function inventoryEntry(set: string, spaceId: string, connectorId: string): InventoryEntry {
  return {
    set, spaceId, connectorId, manifestName: `m-${connectorId}`, appliedAt: '2026-01-01T00:00:00.000Z', planId: null,
    lastApplied: { name: connectorId, connectorTypeId: '.webhook', config: { url: 'https://example.org' }, secretsFingerprint: 'hmac-sha256:00', policy: DEFAULT_POLICY },
  };
}

/** The apply record the engine writes at beginApply: every operation pending. */
export function makeApplyRecord(applyId: string, stored: StoredPlan, startedAt = '2026-01-01T00:00:01.000Z'): ApplyRecord {
  return {
    apply_id: applyId, plan_id: stored.plan.plan_id, set: stored.plan.set, target: 'embedded', actor: 'tester', status: 'running',
    started_at: startedAt, finished_at: null, spaces: [...new Set(stored.operations.map((op) => op.spaceId))].sort(),
    summary: { succeeded: 0, failed: 0, skipped: 0, interrupted: 0 },
    operations: stored.operations.map((op) => ({ index: op.index, kind: op.kind, space_id: op.spaceId, connector_id: op.connectorId, name: op.name, outcome: 'pending' })),
  };
}
