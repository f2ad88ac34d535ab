import type { JsonObject } from './json.js';
import type { InventoryEntry } from './inventory.js';

/** Terraform's action vocabulary, plus `forget` (Terraform 1.7 `removed { destroy = false }`). */
export type PlanAction = 'no-op' | 'create' | 'update' | 'delete' | 'forget';

/** The value of a connector in `before`/`after`: Terraform attribute names; secrets only as "(sensitive)". */
export interface ConnectorView {
  connector_id: string;
  space_id: string;
  name: string;
  connector_type_id: string;
  config: JsonObject;
  /** Always the literal "(sensitive)" when the connector has secrets, never a value. */
  secrets: '(sensitive)' | null;
  is_missing_secrets?: boolean;
}

/** Why a change has its action. Terraform's reasons where they exist, kcr's own otherwise. */
export type ActionReason =
  | 'replace_because_cannot_update'
  | 'delete_because_no_resource_config'
  | 'adopt'
  | 'create_because_missing'
  | 'forget_because_orphan_policy'
  | 'update_because_missing_secrets'
  | 'update_because_secrets_changed'
  | 'update_because_config_changed'
  | 'update_because_drift';

export interface ResourceChange {
  address: string;
  space_id: string;
  connector_id: string;
  manifest: { file: string; document: number; name: string } | null;
  connector_type_id: string;
  name: string;
  change: {
    actions: PlanAction[];
    before: ConnectorView | null;
    after: ConnectorView | null;
    before_sensitive: { secrets: boolean } | false;
    after_sensitive: { secrets: boolean } | false;
    /** Attribute paths that forced a replace, Terraform-style (each path an array of keys). */
    replace_paths: string[][];
    action_reason?: ActionReason;
  };
  /** json-diff text of before/after (no colour, no secret values). */
  diff: string;
  secrets_changed: boolean;
  /** true when `before` differs from what kcr last applied (changed outside the set). */
  drift: boolean;
  /** In a refresh-only drift report: how the connector drifted (absent from ordinary plans). */
  drift_class?: DriftClass;
}

/**
 * How a connector drifted from what its set last applied: `config` (name, type or config edited
 * outside), `missing` (deleted outside), `secrets` (secrets replaced through the Kibana API),
 * `missing_secrets` (it lost its secrets, e.g. re-imported), `unmanaged` (in the set's spaces, owned by no set).
 */
export type DriftClass = 'config' | 'missing' | 'secrets' | 'missing_secrets' | 'unmanaged';

export interface PlanMessage {
  code: string;
  message: string;
  address?: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  no_op: number;
  forget: number;
}

/** The public, reviewable plan (SPEC section 5): a superset of Terraform's `resource_changes`. */
export interface Plan {
  format_version: '1.0';
  plan_id: string;
  created_at: string;
  set: string;
  target: string;
  desired_digest: string;
  base_serials: Record<string, number>;
  has_changes: boolean;
  /** false when `errors` is not empty: such a plan is stored for review but never applied. */
  applyable: boolean;
  /** The spaces the plan covers (its scope). */
  spaces: string[];
  summary: PlanSummary;
  resource_changes: ResourceChange[];
  warnings: PlanMessage[];
  errors: PlanMessage[];
  /** Set when the plan is a refresh-only drift report. */
  refresh_only?: boolean;
}

/**
 * A plan without its resource changes: what lists of plans show (id, time, set, spaces, summary,
 * state, messages). A plan of 10,000 connectors is ~9 MB of JSON; its head is a few hundred bytes.
 */
export type PlanHead = Omit<Plan, 'resource_changes'>;

/** The head of a plan. */
export function planHead(plan: Plan): PlanHead {
  const { resource_changes: _changes, ...head } = plan;
  return head;
}

/**
 * One step the apply will carry out, in order. Not part of the public JSON: the stored plan
 * keeps them beside it. Secrets are not here: `secretsIndex` points into the plan's encrypted
 * secrets payload.
 */
export interface PlannedOperation {
  index: number;
  kind: 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'record';
  spaceId: string;
  connectorId: string;
  connectorTypeId: string;
  name: string;
  /** The config to send (as declared, nulls stripped), for create, update and replace. */
  config: JsonObject | null;
  /** Index into the plan's secrets payload, for create, update and replace. */
  secretsIndex: number | null;
  /** The inventory entry to record once the operation succeeded (null: remove from the inventory). */
  inventoryAfter: InventoryEntry | null;
}

/** What the store keeps for a plan. */
export interface StoredPlan {
  plan: Plan;
  operations: PlannedOperation[];
  /** ISO time the plan was claimed by an apply, or null. */
  appliedAt: string | null;
  applyId: string | null;
}
