import type { Database } from 'better-sqlite3';
import type { ApplyRecord, ApplyStatus, OperationRecord } from '../../model/apply.js';
import type { KcrEvent } from '../../model/events.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';
import type { Plan, PlanHead, StoredPlan } from '../../model/plan.js';
import type { SecretValue } from '../../secrets/SecretValue.js';
import { parseEncryptionKey } from '../crypto/SecretCipher.js';
import { resolveStoreKey, type KeySource } from '../crypto/keyFile.js';
import type { EventListFilter, InventoryFilter, LockLease, OperationEffects, PlanListFilter, Store } from '../Store.js';
import { rotateStoreKey, type RotationResult } from './keyRotation.js';
import { currentSchemaVersion, migrate } from './migrations.js';
import { openDatabase, type DatabaseOptions } from './openDatabase.js';
import { SqliteApplies, type ApplyListFilter } from './SqliteApplies.js';
import { SqliteEmbeddedConnectors } from './SqliteEmbeddedConnectors.js';
import { guardStore } from './sqliteErrors.js';
import { SqliteEvents } from './SqliteEvents.js';
import { SqliteInventory } from './SqliteInventory.js';
import { SqliteLocks } from './SqliteLocks.js';
import { SqliteManifestCache } from './SqliteManifestCache.js';
import { SqlitePlans } from './SqlitePlans.js';
import { StoreKeys, storeHasKeys } from './storeKeys.js';

export interface SqliteStoreOptions extends DatabaseOptions {
  dataDir: string;
  /** KCR_ENCRYPTION_KEY (64 hex chars or base64 of 32 bytes); absent: `<dataDir>/encryption.key`. */
  encryptionKey?: string;
  /** The clock of lock leases and connector timestamps (tests inject one). */
  now?: () => Date;
}

/**
 * Opens the SQLite store: creates the data directory and `kcr.db`, migrates the schema, and
 * checks the encryption key against what the store holds (STORE_KEY_MISMATCH otherwise).
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const now = options.now ?? (() => new Date());
  // The key is parsed before the file is touched: a malformed KCR_ENCRYPTION_KEY creates nothing.
  const key = options.encryptionKey;
  if (key !== undefined) parseEncryptionKey(key, 'KCR_ENCRYPTION_KEY');
  const db = openDatabase(options.dataDir, options);
  try {
    return await guardStore(`open ${db.name}`, () => {
      migrate(db, undefined, now);
      const resolved = resolveStoreKey(options.dataDir, key, { storeHasSecrets: storeHasKeys(db) });
      const keys = StoreKeys.open(db, resolved);
      return new SqliteStore(db, keys, options.dataDir, now, resolved.warnings);
    });
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The default Store: one SQLite file, shared safely by the CLI and a server. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly embeddedConnectors: SqliteEmbeddedConnectors;
  readonly #db: Database;
  readonly #keys: StoreKeys;
  readonly #inventory: SqliteInventory;
  readonly #plans: SqlitePlans;
  readonly #applies: SqliteApplies;
  readonly #events: SqliteEvents;
  readonly #locks: SqliteLocks;
  readonly #manifestCache: SqliteManifestCache;

  /** @internal use openSqliteStore */
  constructor(
    db: Database,
    keys: StoreKeys,
    readonly dataDir: string,
    now: () => Date,
    /** Things found at open that the operator should hear about (the caller logs them). */
    readonly warnings: readonly string[],
  ) {
    this.#db = db;
    this.#keys = keys;
    this.embeddedConnectors = new SqliteEmbeddedConnectors(db, keys, now);
    this.#inventory = new SqliteInventory(db);
    this.#plans = new SqlitePlans(db, keys);
    this.#applies = new SqliteApplies(db);
    this.#events = new SqliteEvents(db);
    this.#locks = new SqliteLocks(db, now);
    this.#manifestCache = new SqliteManifestCache(db, keys, now);
  }

  /** The database file path. */
  get path(): string {
    return this.#db.name;
  }

  /** Where the encryption key came from (never the key). */
  get keySource(): KeySource {
    return this.#keys.source;
  }

  schemaVersion(): number {
    return currentSchemaVersion(this.#db);
  }

  fingerprintSecrets(secrets: SecretValue<JsonObject>): string {
    return this.#keys.fingerprint(secrets.reveal());
  }

  getSerials(spaceIds: string[]): Promise<Record<string, number>> {
    return guardStore('read serials', () => this.#inventory.serials(spaceIds));
  }

  bumpSerial(spaceId: string): Promise<number> {
    return guardStore('bump a serial', () => this.#inventory.bumpSerial(spaceId));
  }

  listInventory(filter?: InventoryFilter): Promise<InventoryEntry[]> {
    return guardStore('read the inventory', () => this.#inventory.list(filter));
  }

  listSets(): Promise<string[]> {
    return guardStore('list sets', () => this.#inventory.listSets());
  }

  listSetSpaces(set: string): Promise<string[]> {
    return guardStore('list the spaces of a set', () => this.#inventory.listSetSpaces(set));
  }

  getCachedManifest(key: string): Promise<string | null> {
    return guardStore('read the manifest cache', () => this.#manifestCache.get(key));
  }

  recordCachedManifests(update: { added: Array<{ key: string; body: string }>; used: string[] }): Promise<void> {
    return guardStore('write the manifest cache', () => this.#manifestCache.record(update.added, update.used));
  }

  savePlan(plan: StoredPlan, secrets: SecretValue<JsonObject>[]): Promise<void> {
    return guardStore('save a plan', () => this.#plans.save(plan, secrets));
  }

  getPlan(planId: string): Promise<StoredPlan | null> {
    return guardStore('read a plan', () => this.#plans.get(planId));
  }

  getPlanSecrets(planId: string): Promise<SecretValue<JsonObject>[]> {
    return guardStore('read plan secrets', () => this.#plans.getSecrets(planId));
  }

  listPlans(filter?: PlanListFilter): Promise<{ items: Plan[]; total: number }> {
    return guardStore('list plans', () => this.#plans.list(filter));
  }
  listPlanHeads(filter?: PlanListFilter): Promise<{ items: PlanHead[]; total: number }> {
    return guardStore('list plans', () => this.#plans.listHeads(filter));
  }


  /** IMMEDIATE: the claim and the apply rows are one write, so two processes cannot both claim a plan. */
  beginApply(record: ApplyRecord): Promise<void> {
    return guardStore('start an apply', () =>
      this.#db.transaction(() => {
        this.#plans.claim(record.plan_id, record.apply_id, record.started_at);
        this.#applies.insert(record);
      }).immediate(),
    );
  }

  /** One short transaction per operation: outcome, inventory change, serial bump and event commit together or not at all. */
  recordOperation(applyId: string, operation: OperationRecord, effects: OperationEffects = {}): Promise<void> {
    return guardStore('record an operation', () =>
      this.#db.transaction(() => {
        this.#applies.assertExists(applyId);
        this.#applies.recordOperation(applyId, operation);
        if (effects.inventoryUpsert) this.#inventory.upsert(effects.inventoryUpsert);
        if (effects.inventoryDelete) {
          const { set, spaceId, connectorId } = effects.inventoryDelete;
          this.#inventory.delete(set, spaceId, connectorId);
        }
        if (effects.bumpSerialOf !== undefined) this.#inventory.bumpSerial(effects.bumpSerialOf);
        if (effects.event) this.#events.append(effects.event);
      }).immediate(),
    );
  }

  finishApply(applyId: string, status: ApplyStatus, finishedAt: string): Promise<void> {
    return guardStore('finish an apply', () => this.#applies.finish(applyId, status, finishedAt));
  }

  getApply(applyId: string): Promise<ApplyRecord | null> {
    return guardStore('read an apply', () => this.#applies.get(applyId));
  }

  listApplies(filter?: ApplyListFilter): Promise<{ items: ApplyRecord[]; total: number }> {
    return guardStore('list applies', () => this.#applies.list(filter));
  }

  listRunningApplies(): Promise<ApplyRecord[]> {
    return guardStore('list running applies', () => this.#applies.listRunning());
  }

  appendEvent(event: KcrEvent): Promise<number> {
    return guardStore('append an event', () => this.#events.append(event));
  }

  listEvents(filter?: EventListFilter): Promise<{ items: KcrEvent[]; total: number }> {
    return guardStore('list events', () => this.#events.list(filter));
  }

  acquireLock(spaceId: string, holder: string, ttlMs: number): Promise<LockLease | null> {
    return guardStore('take a lock', () => this.#locks.acquire(spaceId, holder, ttlMs));
  }

  renewLock(lease: LockLease, ttlMs: number): Promise<LockLease | null> {
    return guardStore('renew a lock', () => this.#locks.renew(lease, ttlMs));
  }

  releaseLock(lease: LockLease): Promise<void> {
    return guardStore('release a lock', () => this.#locks.release(lease));
  }

  listLocks(): Promise<LockLease[]> {
    return guardStore('list locks', () => this.#locks.list());
  }

  breakLock(spaceId: string): Promise<LockLease | null> {
    return guardStore('break a lock', () => this.#locks.breakLock(spaceId));
  }

  /**
   * Re-encrypts every secret under a new key (Buffer, or text as KCR_ENCRYPTION_KEY accepts).
   * With a key file the file is replaced; with KCR_ENCRYPTION_KEY the result says so and the
   * caller must tell the user to set the variable to the new key before the next start.
   */
  rotateEncryptionKey(newKey: Buffer | string): Promise<RotationResult> {
    return guardStore('rotate the encryption key', () => {
      const key = typeof newKey === 'string' ? parseEncryptionKey(newKey, 'the new encryption key') : newKey;
      return rotateStoreKey(this.#db, this.#keys, key);
    });
  }

  /** Folds the WAL into the main file (backups, tests that read the files). */
  checkpoint(): void {
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
