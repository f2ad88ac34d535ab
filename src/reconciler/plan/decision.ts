import { sha256Digest } from '../../model/canonicalJson.js';
import type { ActualConnector } from '../../model/connector.js';
import type { DesiredConnector } from '../../model/desired.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';
import type { ActionReason, PlanAction, PlannedOperation } from '../../model/plan.js';
import { canonicalConfig } from './canonicalConfig.js';
import type { PlanInput } from './types.js';

/**
 * What the planner decided for one connector, before it is rendered as a public
 * `ResourceChange` and as an apply operation. `entry` is this set's inventory entry only.
 */
export interface Decision {
  spaceId: string;
  connectorId: string;
  desired?: DesiredConnector;
  actual?: ActualConnector;
  entry?: InventoryEntry;
  actions: PlanAction[];
  reason?: ActionReason;
  secretsChanged: boolean;
  drift: boolean;
  /** The apply step, or null when nothing is sent nor recorded (a no-op the inventory already reflects). */
  operation: PlannedOperation['kind'] | null;
}

interface CanonicalForm {
  config: JsonObject;
  digest: string;
}

/**
 * A plan canonicalizes the same config objects several times (compare, drift, views). The
 * forms are memoized per plan input object (computePlan makes a fresh one per call, so a
 * caller mutating its configs between plans never meets a stale form) and config object, so
 * a large no-op plan hashes each config once per ignore list. Weak maps: nothing outlives a plan.
 */
const memo = new WeakMap<PlanInput, WeakMap<JsonObject, Map<string, CanonicalForm>>>();

function canonicalForm(input: PlanInput, typeId: string, config: JsonObject, ignorePointers: readonly string[]): CanonicalForm {
  let byConfig = memo.get(input);
  if (!byConfig) memo.set(input, (byConfig = new WeakMap()));
  let byKey = byConfig.get(config);
  if (!byKey) byConfig.set(config, (byKey = new Map()));
  const key = JSON.stringify([typeId, ignorePointers]);
  let form = byKey.get(key);
  if (!form) {
    const canonical = canonicalConfig(config, { withDefaults: (c) => input.withDefaults(typeId, c), ignorePointers });
    form = { config: canonical, digest: sha256Digest(canonical) };
    byKey.set(key, form);
  }
  return form;
}

/**
 * The config of a connector as plans compare it, for a given type and ignored pointers. Shared
 * with the memo (and between the before and after views of a no-op): read-only.
 */
export function canonicalFor(input: PlanInput, typeId: string, config: JsonObject, ignorePointers: readonly string[]): JsonObject {
  return canonicalForm(input, typeId, config, ignorePointers).config;
}

/** The hash of `canonicalFor(...)`: equal hashes, equal configs (STYLE: compare hashes before any field diff). */
export function canonicalDigest(input: PlanInput, typeId: string, config: JsonObject, ignorePointers: readonly string[]): string {
  return canonicalForm(input, typeId, config, ignorePointers).digest;
}
