import type { ActualConnector } from '../../model/connector.js';
import type { DesiredConnector } from '../../model/desired.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';
import type { Plan, PlannedOperation } from '../../model/plan.js';

/** Everything `computePlan` needs: plain data only, ids and times included, so planning is pure. */
export interface PlanInput {
  planId: string;
  createdAt: string;
  set: string;
  target: string;
  desired: DesiredConnector[];
  /** Every connector of the scope spaces, preconfigured and system connectors included. */
  actual: ActualConnector[];
  /** Inventory entries of ALL sets in the scope spaces (ownership is decided across sets). */
  inventory: InventoryEntry[];
  baseSerials: Record<string, number>;
  scopeSpaces: string[];
  /** The registry's `withDefaults`: the config as Kibana stores it for that type. */
  withDefaults: (typeId: string, config: JsonObject) => JsonObject;
  options: PlanOptions;
}

/** The safety switches of a plan (CLI `--allow-empty`, `--max-deletes N`). */
export interface PlanOptions {
  allowEmpty: boolean;
  maxDeletes?: number;
}

/** A plan with the steps that carry it out and the secrets those steps send. */
export interface PlanOutcome {
  plan: Plan;
  operations: PlannedOperation[];
  /** Index = `PlannedOperation.secretsIndex`. Still wrapped: the caller encrypts them. */
  secretsForOperations: DesiredConnector['secrets'][];
}
