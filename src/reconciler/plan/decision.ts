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

/** The config of a connector as plans compare it, for a given type and ignored pointers. */
export function canonicalFor(input: PlanInput, typeId: string, config: JsonObject, ignorePointers: readonly string[]): JsonObject {
  return canonicalConfig(config, { withDefaults: (c) => input.withDefaults(typeId, c), ignorePointers });
}
