import { connectorAddress } from '../../model/connector.js';
import type { DesiredConnector } from '../../model/desired.js';
import type { ConnectorView, ResourceChange } from '../../model/plan.js';
import { SENSITIVE_PLACEHOLDER } from '../../secrets/SecretValue.js';
import { actualConnectorView, lastAppliedConnectorView, type CanonicalizeConfig } from './connectorViews.js';
import { canonicalFor, type Decision } from './decision.js';
import type { PlanInput } from './types.js';
import { diffString } from './jsonDiff.js';

/** The public form of one decision: Terraform's `resource_changes[]` entry plus kcr's fields. */
export function toResourceChange(input: PlanInput, decision: Decision): ResourceChange {
  const before = beforeView(input, decision);
  const after = decision.desired && !isRemoval(decision) ? desiredView(input, decision.desired) : null;
  const shown = after ?? before;
  const noOp = decision.actions.length === 1 && decision.actions[0] === 'no-op';
  return {
    address: connectorAddress(decision.spaceId, decision.connectorId),
    space_id: decision.spaceId,
    connector_id: decision.connectorId,
    manifest: decision.desired ? { ...decision.desired.source } : null,
    connector_type_id: shown?.connector_type_id ?? '',
    name: shown?.name ?? '',
    change: {
      actions: [...decision.actions],
      before,
      after,
      before_sensitive: before ? { secrets: before.secrets !== null } : false,
      after_sensitive: after ? { secrets: after.secrets !== null } : false,
      replace_paths: decision.operation === 'replace' ? [['connector_type_id']] : [],
      ...(decision.reason ? { action_reason: decision.reason } : {}),
    },
    diff: noOp ? '' : viewDiff(before, after),
    secrets_changed: decision.secretsChanged,
    drift: decision.drift,
  };
}

function isRemoval(decision: Decision): boolean {
  return decision.actions.length === 1 && (decision.actions[0] === 'delete' || decision.actions[0] === 'forget');
}

/**
 * `before` is the connector as the target holds it. When it is already gone (a forget of a
 * connector deleted outside the set) it is what kcr last applied, so a reviewer still sees it.
 */
function beforeView(input: PlanInput, decision: Decision): ConnectorView | null {
  // Kibana never says whether a connector holds secrets: assume the manifest's shape when there is
  // one (so equal connectors show equal views), otherwise that it has some.
  if (decision.actual) return actualConnectorView(decision.actual, canonicalizer(input), decision.desired ? hasSecretKeys(decision.desired) : true);
  if (decision.entry && isRemoval(decision)) return lastAppliedConnectorView(decision.spaceId, decision.connectorId, decision.entry.lastApplied, canonicalizer(input));
  return null;
}

/** Config shown in the canonical-with-defaults form, so a view never shows a spurious default or null. */
function desiredView(input: PlanInput, desired: DesiredConnector): ConnectorView {
  return {
    connector_id: desired.connectorId,
    space_id: desired.spaceId,
    name: desired.name,
    connector_type_id: desired.connectorTypeId,
    config: canonicalFor(input, desired.connectorTypeId, desired.config, []),
    secrets: hasSecretKeys(desired) ? SENSITIVE_PLACEHOLDER : null,
  };
}

/** Only the key names are read: the values stay inside the wrapper. */
function hasSecretKeys(desired: DesiredConnector): boolean {
  return Object.keys(desired.secrets.reveal()).length > 0;
}

/** json-diff text of the two views without `secrets` (whose change `secrets_changed` reports). */
function viewDiff(before: ConnectorView | null, after: ConnectorView | null): string {
  return diffString(withoutSecrets(before), withoutSecrets(after), { color: false });
}

function withoutSecrets(view: ConnectorView | null): Record<string, unknown> {
  if (!view) return {};
  const { secrets: _secrets, ...rest } = view;
  return rest;
}

/** The planner's memoised canonical form, with no ignored paths (views show the whole config). */
function canonicalizer(input: PlanInput): CanonicalizeConfig {
  return (typeId, config) => canonicalFor(input, typeId, config, []);
}
