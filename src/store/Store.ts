import type { ActualConnector } from '../model/connector.js';
import type { ApplyRecord, ApplyStatus, OperationRecord } from '../model/apply.js';
import type { KcrEvent } from '../model/events.js';
import type { InventoryEntry } from '../model/inventory.js';
import type { JsonObject } from '../model/json.js';
import type { Plan, PlanHead, StoredPlan } from '../model/plan.js';
import type { SecretValue } from '../secrets/SecretValue.js';

/** A connector row of the embedded target, with its secrets decrypted into a SecretValue. */
export interface EmbeddedConnectorRow {
  spaceId: string;
  id: string;
  name: string;
  connectorTypeId: string;
  config: JsonObject;
  secrets: SecretValue<JsonObject>;
  secretsFingerprint: string;
  isMissingSecrets: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The embedded target's connectors. Writes here do not bump serials or log events: callers do. */
export interface EmbeddedConnectorRepository {
  list(spaceId: string): Promise<EmbeddedConnectorRow[]>;
  get(spaceId: string, id: string): Promise<EmbeddedConnectorRow | null>;
  /** The space that holds a connector with this id, if any (Kibana ids are unique across spaces). */
  findSpaceOf(id: string): Promise<string | null>;
  /** Inserts; throws KcrError CONNECTOR_CONFLICT when the id exists in any space. */
  insert(row: Omit<EmbeddedConnectorRow, 'secretsFingerprint' | 'createdAt' | 'updatedAt'>): Promise<EmbeddedConnectorRow>;
  /** Replaces name, config, secrets (and clears isMissingSecrets unless given). Throws CONNECTOR_NOT_FOUND. */
  replace(spaceId: string, id: string, values: { name: string; config: JsonObject; secrets: SecretValue<JsonObject>; isMissingSecrets?: boolean }): Promise<EmbeddedConnectorRow>;
  /** Deletes; returns false when absent. */
  delete(spaceId: string, id: string): Promise<boolean>;
  count(): Promise<number>;
}

export interface PlanListFilter {
  set?: string;
  space?: string;
  hasChanges?: boolean;
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

export interface EventListFilter {
  space?: string;
  connectorId?: string;
  action?: string;
  actor?: string;
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

/** Filters of Store.listInventory; each given one narrows the result (all of them: AND). */
export interface InventoryFilter {
  set?: string;
  spaceIds?: string[];
  connectorIds?: string[];
}

export interface LockLease {
  spaceId: string;
  holder: string;
  /** Opaque token: only the holder that acquired the lease can renew or release it. */
  token: string;
  acquiredAt: string;
  expiresAt: string;
}

/** The effects of one successful (or failed) operation, committed in one transaction with its outcome. */
export interface OperationEffects {
  inventoryUpsert?: InventoryEntry;
  inventoryDelete?: { set: string; spaceId: string; connectorId: string };
  /** Bump this space's serial (the operation changed the target). */
  bumpSerialOf?: string;
  /**
   * The operation's audit event, appended in the same transaction as its outcome: one commit per
   * operation instead of two, and an outcome is never recorded without its event (or the reverse).
   */
  event?: KcrEvent;
}

/**
 * kcr's own records. Every method is one atomic unit: a crash between two calls leaves the store
 * consistent. Implementations: sqlite (default), elasticsearch (the scale-out path).
 */
export interface Store {
  readonly kind: 'sqlite' | 'elasticsearch';
  readonly embeddedConnectors: EmbeddedConnectorRepository;

  /** HMAC-SHA256 fingerprint of a secrets object, with the store's fingerprint key (stable across key rotation). */
  fingerprintSecrets(secrets: SecretValue<JsonObject>): string;

  getSerials(spaceIds: string[]): Promise<Record<string, number>>;
  bumpSerial(spaceId: string): Promise<number>;

  /**
   * What sets own, filtered by set, spaces and (`connectorIds`) connectors: a page of a list looks
   * up the owners of the rows it shows without reading a whole space's inventory.
   */
  listInventory(filter?: InventoryFilter): Promise<InventoryEntry[]>;
  listSets(): Promise<string[]>;
  /** The spaces in which a set owns connectors (a plan's scope starts from them), sorted. */
  listSetSpaces(set: string): Promise<string[]>;

  /** Stores a new plan with its secrets payload (encrypted at rest). */
  savePlan(plan: StoredPlan, secrets: SecretValue<JsonObject>[]): Promise<void>;
  getPlan(planId: string): Promise<StoredPlan | null>;
  /** The decrypted secrets payload of a plan (for its apply). */
  getPlanSecrets(planId: string): Promise<SecretValue<JsonObject>[]>;
  listPlans(filter?: PlanListFilter): Promise<{ items: Plan[]; total: number }>;
  /** The same list without resource changes: what pages and `kcr history` show, cheap for plans of any size. */
  listPlanHeads(filter?: PlanListFilter): Promise<{ items: PlanHead[]; total: number }>;

  /** A parsed manifest file kept by an earlier run (reconciler/manifests/parsedManifestCache.ts), or null. */
  getCachedManifest(key: string): Promise<string | null>;
  /** Keeps newly parsed files, marks the `used` keys as used now, and drops entries no run used for a while. */
  recordCachedManifests(update: { added: Array<{ key: string; body: string }>; used: string[] }): Promise<void>;

  /**
   * Claims the plan for an apply and records the apply with every operation `pending`, atomically.
   * Throws KcrError PLAN_ALREADY_APPLIED when the plan was claimed before.
   */
  beginApply(record: ApplyRecord): Promise<void>;
  /** Records one operation's outcome and its effects in one transaction. */
  recordOperation(applyId: string, operation: OperationRecord, effects?: OperationEffects): Promise<void>;
  finishApply(applyId: string, status: ApplyStatus, finishedAt: string): Promise<void>;
  getApply(applyId: string): Promise<ApplyRecord | null>;
  listApplies(filter?: { planId?: string; set?: string; status?: ApplyStatus; limit?: number; offset?: number }): Promise<{ items: ApplyRecord[]; total: number }>;
  /** Applies whose status is still `running` (recovery after a crash). */
  listRunningApplies(): Promise<ApplyRecord[]>;

  appendEvent(event: KcrEvent): Promise<number>;
  listEvents(filter?: EventListFilter): Promise<{ items: KcrEvent[]; total: number }>;

  /** Takes the space lease if free or expired; null when another holder has a live lease. */
  acquireLock(spaceId: string, holder: string, ttlMs: number): Promise<LockLease | null>;
  renewLock(lease: LockLease, ttlMs: number): Promise<LockLease | null>;
  releaseLock(lease: LockLease): Promise<void>;
  listLocks(): Promise<LockLease[]>;
  /** Removes any lock on the space; returns the lease that was broken, or null. */
  breakLock(spaceId: string): Promise<LockLease | null>;

  close(): Promise<void>;
}

export type { ActualConnector };
