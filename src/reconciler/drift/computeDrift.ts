import { sha256Digest } from '../../model/canonicalJson.js';
import { connectorAddress, type ActualConnector } from '../../model/connector.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';
import type { ConnectorView, DriftClass, Plan, PlanAction, PlanMessage, PlanSummary, ResourceChange } from '../../model/plan.js';
import { actualConnectorView, lastAppliedConnectorView, type CanonicalizeConfig } from '../plan/connectorViews.js';
import { canonicalConfig, configsEqual } from '../plan/index.js';
import { diffString } from '../plan/jsonDiff.js';
import type { DriftInput } from './types.js';

/**
 * A refresh-only plan: for every connector the set owns in the scope spaces, the actual
 * connector compared with what kcr last applied, classified (`config`, `missing`, `secrets`,
 * `missing_secrets`), plus the connectors of those spaces that no set owns (`unmanaged`).
 * `before` is what kcr last applied, `after` what the target holds now; `actions` say what
 * happened outside the set. Pure: no I/O, no clock; nothing in it can ever be applied.
 */
export function computeDrift(input: DriftInput): Plan {
  const scope = new Set(input.scopeSpaces);
  const actualByAddress = new Map(input.actual.filter((a) => scope.has(a.spaceId)).map((a) => [connectorAddress(a.spaceId, a.id), a]));
  const owned = new Set(input.inventory.map((entry) => connectorAddress(entry.spaceId, entry.connectorId)));
  const ownEntries = input.inventory.filter((entry) => entry.set === input.set && scope.has(entry.spaceId));

  const changes: ResourceChange[] = ownEntries.map((entry) => ownedChange(input, entry, actualByAddress.get(connectorAddress(entry.spaceId, entry.connectorId))));
  for (const [address, actual] of actualByAddress) {
    if (!owned.has(address) && !actual.isPreconfigured && !actual.isSystemAction) changes.push(unmanagedChange(input, actual));
  }
  changes.sort(compareChanges);
  return {
    format_version: '1.0',
    plan_id: input.reportId,
    created_at: input.createdAt,
    set: input.set,
    target: input.target,
    // What the report is measured against: the set's last applied state in scope.
    desired_digest: sha256Digest(ownEntries.map((e) => [connectorAddress(e.spaceId, e.connectorId), e.lastApplied.name, e.lastApplied.config, e.lastApplied.secretsFingerprint]).sort()),
    base_serials: { ...input.serials },
    has_changes: changes.some((c) => c.drift),
    applyable: false,
    spaces: [...scope].sort(),
    summary: summarize(changes),
    resource_changes: changes,
    warnings: warnings(input),
    errors: [],
    refresh_only: true,
  };
}

/** The drift class of an owned connector, or null when it is exactly what kcr last applied. */
export function classifyDrift(input: Pick<DriftInput, 'withDefaults'>, entry: InventoryEntry, actual: ActualConnector | undefined): DriftClass | null {
  if (!actual) return 'missing';
  const last = entry.lastApplied;
  if (actual.name !== last.name || actual.connectorTypeId !== last.connectorTypeId) return 'config';
  const pointers = last.policy.ignoreChanges;
  if (!configsEqual(canonical(input, actual.connectorTypeId, actual.config ?? {}, pointers), canonical(input, last.connectorTypeId, last.config, pointers))) return 'config';
  if (actual.isMissingSecrets) return 'missing_secrets';
  // Only a target that holds the secrets (embedded) can report their fingerprint; Kibana never does.
  if (actual.secretsFingerprint !== undefined && actual.secretsFingerprint !== last.secretsFingerprint) return 'secrets';
  return null;
}

const ACTION_OF: Record<DriftClass, PlanAction> = { config: 'update', secrets: 'update', missing_secrets: 'update', missing: 'delete', unmanaged: 'no-op' };

function ownedChange(input: DriftInput, entry: InventoryEntry, actual: ActualConnector | undefined): ResourceChange {
  const driftClass = classifyDrift(input, entry, actual);
  const before = lastAppliedConnectorView(entry.spaceId, entry.connectorId, entry.lastApplied, canonicalizer(input));
  const after = actual ? actualConnectorView(actual, canonicalizer(input)) : null;
  const shown = after ?? before;
  return {
    address: connectorAddress(entry.spaceId, entry.connectorId),
    space_id: entry.spaceId,
    connector_id: entry.connectorId,
    manifest: null,
    connector_type_id: shown.connector_type_id,
    name: shown.name,
    change: {
      actions: [driftClass ? ACTION_OF[driftClass] : 'no-op'],
      before,
      after,
      before_sensitive: { secrets: before.secrets !== null },
      after_sensitive: after ? { secrets: after.secrets !== null } : false,
      replace_paths: [],
      ...(driftClass ? { action_reason: 'update_because_drift' as const } : {}),
    },
    diff: driftClass ? viewDiff(before, after) : '',
    secrets_changed: driftClass === 'secrets' || driftClass === 'missing_secrets',
    drift: driftClass !== null,
    ...(driftClass ? { drift_class: driftClass } : {}),
  };
}

function unmanagedChange(input: DriftInput, actual: ActualConnector): ResourceChange {
  const view = actualConnectorView(actual, canonicalizer(input));
  return {
    address: connectorAddress(actual.spaceId, actual.id),
    space_id: actual.spaceId,
    connector_id: actual.id,
    manifest: null,
    connector_type_id: actual.connectorTypeId,
    name: actual.name,
    change: { actions: ['no-op'], before: view, after: view, before_sensitive: { secrets: view.secrets !== null }, after_sensitive: { secrets: view.secrets !== null }, replace_paths: [] },
    diff: '',
    secrets_changed: false,
    drift: true,
    drift_class: 'unmanaged',
  };
}

function canonical(input: Pick<DriftInput, 'withDefaults'>, typeId: string, config: JsonObject, pointers: readonly string[]): JsonObject {
  return canonicalConfig(config, { withDefaults: (c) => input.withDefaults(typeId, c), ignorePointers: pointers });
}


/** json-diff text of the two views without `secrets` (whose change `secrets_changed` reports). */
function viewDiff(before: ConnectorView, after: ConnectorView | null): string {
  const strip = (view: ConnectorView | null) => {
    if (!view) return {};
    const { secrets: _secrets, ...rest } = view;
    return rest;
  };
  return diffString(strip(before), strip(after), { color: false });
}

function warnings(input: DriftInput): PlanMessage[] {
  const blind = input.actual.some((a) => !a.isPreconfigured && !a.isSystemAction && a.secretsFingerprint === undefined);
  if (!blind) return [];
  return [{ code: 'SECRETS_DRIFT_UNKNOWN', message: `target ${input.target} does not report secret fingerprints: secrets changed outside kcr cannot be detected` }];
}

function summarize(changes: ResourceChange[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, no_op: 0, forget: 0 };
  for (const { change } of changes) {
    const action = change.actions[0];
    if (action === 'no-op') summary.no_op += 1;
    else if (action === 'update' || action === 'delete') summary[action] += 1;
  }
  return summary;
}

/** SPEC order: by space, then name; the id breaks ties. Code-point order, so reports never differ between machines. */
function compareChanges(a: ResourceChange, b: ResourceChange): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return text(a.space_id, b.space_id) || text(a.name, b.name) || text(a.connector_id, b.connector_id);
}

function canonicalizer(input: Pick<DriftInput, 'withDefaults'>): CanonicalizeConfig {
  return (typeId, config) => canonical(input, typeId, config, []);
}
