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
  /** The canonical JSON text: keys are already sorted, so equal texts are equal configs. */
  text: string;
}

/** Per plan: canonical forms by variant (type and ignore list), found by config object or, failing that, by config text. */
interface CanonicalMemo {
  /** The form a config object last had, with its variant: nearly every config is read in one variant only. */
  byObject: WeakMap<JsonObject, { variant: string; form: CanonicalForm }>;
  byText: Map<string, Map<string, CanonicalForm>>;
}

/**
 * A plan canonicalizes the same configs several times (compare, drift, views), and a no-op's
 * actual config and last applied config are equal in content though distinct objects (one read
 * from the target, one from the inventory). Forms are memoized per plan input object (computePlan
 * makes a fresh one per call, so a caller mutating its configs between plans never meets a stale
 * form), by config object and by config JSON text, so equal configs are canonicalized once.
 */
const memo = new WeakMap<PlanInput, CanonicalMemo>();

function canonicalForm(input: PlanInput, typeId: string, config: JsonObject, ignorePointers: readonly string[]): CanonicalForm {
  let state = memo.get(input);
  if (!state) memo.set(input, (state = { byObject: new WeakMap(), byText: new Map() }));
  // Prefixed so that a type id can never read as an ignore list; most plans ignore nothing.
  const variant = ignorePointers.length === 0 ? `0${typeId}` : `1${JSON.stringify([typeId, ignorePointers])}`;
  const last = state.byObject.get(config);
  if (last?.variant === variant) return last.form;
  const text = JSON.stringify(config);
  let ofVariant = state.byText.get(variant);
  if (!ofVariant) state.byText.set(variant, (ofVariant = new Map()));
  let form = ofVariant.get(text);
  if (!form) {
    const canonical = canonicalConfig(config, { withDefaults: (c) => input.withDefaults(typeId, c), ignorePointers });
    form = { config: canonical, text: JSON.stringify(canonical) };
    ofVariant.set(text, form);
  }
  state.byObject.set(config, { variant, form });
  return form;
}

/**
 * The config of a connector as plans compare it, for a given type and ignored pointers. Shared
 * with the memo (and between the before and after views of a no-op): read-only.
 */
export function canonicalFor(input: PlanInput, typeId: string, config: JsonObject, ignorePointers: readonly string[]): JsonObject {
  return canonicalForm(input, typeId, config, ignorePointers).config;
}

/**
 * The canonical JSON text of `canonicalFor(...)`: equal texts, equal configs (STYLE: compare
 * these before any field diff). The text itself, not a hash of it: comparing two short strings
 * is cheaper than hashing them, and nothing outside a plan sees it.
 */
export function canonicalDigest(input: PlanInput, typeId: string, config: JsonObject, ignorePointers: readonly string[]): string {
  return canonicalForm(input, typeId, config, ignorePointers).text;
}
