import { Client } from '@elastic/elasticsearch';
import { KcrError } from '../../errors.js';
import type { ApplyRecord, ApplyStatus, OperationRecord } from '../../model/apply.js';
import type { KcrEvent } from '../../model/events.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';
import type { Plan, PlanHead, StoredPlan } from '../../model/plan.js';
import type { SecretValue } from '../../secrets/SecretValue.js';
import { parseEncryptionKey } from '../crypto/SecretCipher.js';
import type { EventListFilter, LockLease, OperationEffects, PlanListFilter, Store } from '../Store.js';
import type { ElasticsearchConnection } from './elasticsearchSettings.js';
import { MonotonicIds } from './esCalls.js';
import { ES_SCHEMA_VERSION, ensureIndices, indexNames, type IndexNames } from './esIndices.js';
import { EsApplies, type ApplyListFilter } from './EsApplies.js';
import { EsEmbeddedConnectors } from './EsEmbeddedConnectors.js';
import { EsEvents } from './EsEvents.js';
import { EsInventory } from './EsInventory.js';
import { EsKeys } from './EsKeys.js';
import { EsLocks } from './EsLocks.js';
import { EsManifestCache } from './EsManifestCache.js';
import { EsPlans } from './EsPlans.js';

export interface ElasticsearchStoreOptions extends ElasticsearchConnection {
  /** KCR_ENCRYPTION_KEY: required, since every replica must decrypt what the others wrote. */
  encryptionKey?: string;
  /** The clock of leases and timestamps (tests inject one). */
  now?: () => Date;
  /** Per-request timeout; default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * Opens the Elasticsearch store: checks the key (nothing is touched with a bad one), creates or
 * migrates the indices and records the schema version, unlocks the store keys (STORE_KEY_MISMATCH
 * on a wrong key), then re-drives the effects of any outcome a crashed kcr recorded without
 * finishing them. README: "How kcr stays consistent on Elasticsearch".
 */
export async function openElasticsearchStore(options: ElasticsearchStoreOptions): Promise<ElasticsearchStore> {
  if (options.encryptionKey === undefined) {
    throw new KcrError('CONFIG_INVALID', 'store.type elasticsearch needs KCR_ENCRYPTION_KEY (or encryptionKey in kcr.yaml): every kcr on one cluster must share the key that encrypts secrets; generate one with `openssl rand -hex 32`', {
      errors: [{ path: '/encryptionKey', message: 'is required with store.type elasticsearch' }],
    });
  }
  const key = parseEncryptionKey(options.encryptionKey, 'KCR_ENCRYPTION_KEY');
  const now = options.now ?? (() => new Date());
  const client = new Client({
    nodes: options.nodes,
    ...(options.auth && { auth: options.auth }),
    ...(options.ca !== undefined && { tls: { ca: options.ca } }),
    // kcr retries itself, and only writes that may be sent twice (esCalls.ts).
    maxRetries: 0,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
  });
  const names = indexNames(options.indexPrefix);
  try {
    const { migratedFrom } = await ensureIndices(client, names, now);
    const keys = await EsKeys.open(client, names.meta, key);
    const store = new ElasticsearchStore(client, names, keys, now, migratedFrom);
    await store.recover();
    return store;
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** The scale-out Store: any number of kcr processes share one Elasticsearch cluster. */
export class ElasticsearchStore implements Store {
  readonly kind = 'elasticsearch' as const;
  readonly embeddedConnectors: EsEmbeddedConnectors;
  readonly #client: Client;
  readonly #keys: EsKeys;
  readonly #inventory: EsInventory;
  readonly #plans: EsPlans;
  readonly #applies: EsApplies;
  readonly #events: EsEvents;
  readonly #locks: EsLocks;
  readonly #manifestCache: EsManifestCache;
  readonly #ids = new MonotonicIds();
  /** Outcomes whose effects were re-driven at the last open or recover(). */
  recoveredOperations = 0;

  /** @internal use openElasticsearchStore */
  constructor(
    client: Client,
    readonly indices: IndexNames,
    keys: EsKeys,
    now: () => Date,
    /** The schema version the store was migrated from at this open (null: none needed). */
    readonly migratedFrom: number | null,
  ) {
    this.#client = client;
    this.#keys = keys;
    this.embeddedConnectors = new EsEmbeddedConnectors(client, this.indices.connectors, keys, now);
    this.#inventory = new EsInventory(client, this.indices.inventory, this.indices.serials, now);
    this.#plans = new EsPlans(client, this.indices.plans, keys, this.#ids);
    this.#events = new EsEvents(client, this.indices.events);
    this.#applies = new EsApplies(client, { applies: this.indices.applies, operations: this.indices.operations }, this.#inventory, this.#events, this.#ids);
    this.#locks = new EsLocks(client, this.indices.locks, now);
    this.#manifestCache = new EsManifestCache(client, this.indices['manifest-cache'], keys, now);
  }

  /** Nothing to report at open (the SQLite store reports key file repairs here). */
  readonly warnings: readonly string[] = [];

  schemaVersion(): number {
    return ES_SCHEMA_VERSION;
  }

  /** Applies the effects of every outcome recorded without them (a kcr died in between). Run at open. */
  async recover(): Promise<number> {
    this.recoveredOperations = await this.#applies.settleAll();
    return this.recoveredOperations;
  }

  fingerprintSecrets(secrets: SecretValue<JsonObject>): string {
    return this.#keys.fingerprint(secrets.reveal());
  }

  getSerials(spaceIds: string[]): Promise<Record<string, number>> {
    return this.#inventory.serials(spaceIds);
  }

  bumpSerial(spaceId: string): Promise<number> {
    return this.#inventory.bump(spaceId);
  }

  /** `connectorIds` narrows to those connectors (a terms filter), as the other filters do. */
  listInventory(filter?: { set?: string; spaceIds?: string[]; connectorIds?: string[] }): Promise<InventoryEntry[]> {
    return this.#inventory.list(filter);
  }

  listSets(): Promise<string[]> {
    return this.#inventory.listSets();
  }

  listSetSpaces(set: string): Promise<string[]> {
    return this.#inventory.listSetSpaces(set);
  }

  savePlan(plan: StoredPlan, secrets: SecretValue<JsonObject>[]): Promise<void> {
    return this.#plans.save(plan, secrets);
  }

  async getPlan(planId: string): Promise<StoredPlan | null> {
    const [body, claim] = await Promise.all([this.#plans.get(planId), this.#applies.claimOf(planId)]);
    return body ? { ...body, ...claim } : null;
  }

  getPlanSecrets(planId: string): Promise<SecretValue<JsonObject>[]> {
    return this.#plans.getSecrets(planId);
  }

  listPlans(filter?: PlanListFilter): Promise<{ items: Plan[]; total: number }> {
    return this.#plans.list(filter);
  }

  listPlanHeads(filter?: PlanListFilter): Promise<{ items: PlanHead[]; total: number }> {
    return this.#plans.listHeads(filter);
  }

  getCachedManifest(key: string): Promise<string | null> {
    return this.#manifestCache.get(key);
  }

  recordCachedManifests(update: { added: Array<{ key: string; body: string }>; used: string[] }): Promise<void> {
    return this.#manifestCache.record(update.added, update.used);
  }

  /** One write: the apply document, created under the plan's id (the claim). */
  async beginApply(record: ApplyRecord): Promise<void> {
    if (!(await this.#plans.exists(record.plan_id))) {
      throw new KcrError('PLAN_NOT_FOUND', `no stored plan ${record.plan_id}`, { attributes: { plan_id: record.plan_id } });
    }
    await this.#applies.begin(record);
  }

  recordOperation(applyId: string, operation: OperationRecord, effects: OperationEffects = {}): Promise<void> {
    return this.#applies.recordOperation(applyId, operation, effects);
  }

  finishApply(applyId: string, status: ApplyStatus, finishedAt: string): Promise<void> {
    return this.#applies.finish(applyId, status, finishedAt);
  }

  getApply(applyId: string): Promise<ApplyRecord | null> {
    return this.#applies.get(applyId);
  }

  listApplies(filter?: ApplyListFilter): Promise<{ items: ApplyRecord[]; total: number }> {
    return this.#applies.list(filter);
  }

  listRunningApplies(): Promise<ApplyRecord[]> {
    return this.#applies.listRunning();
  }

  appendEvent(event: KcrEvent): Promise<number> {
    return this.#events.append(event, this.#ids.next());
  }

  listEvents(filter?: EventListFilter): Promise<{ items: KcrEvent[]; total: number }> {
    return this.#events.list(filter);
  }

  acquireLock(spaceId: string, holder: string, ttlMs: number): Promise<LockLease | null> {
    return this.#locks.acquire(spaceId, holder, ttlMs);
  }

  renewLock(lease: LockLease, ttlMs: number): Promise<LockLease | null> {
    return this.#locks.renew(lease, ttlMs);
  }

  releaseLock(lease: LockLease): Promise<void> {
    return this.#locks.release(lease);
  }

  listLocks(): Promise<LockLease[]> {
    return this.#locks.list();
  }

  breakLock(spaceId: string): Promise<LockLease | null> {
    return this.#locks.breakLock(spaceId);
  }

  async close(): Promise<void> {
    try {
      await this.#applies.flushMarks();
    } finally {
      await this.#client.close();
    }
  }
}
