import type { ActualConnector } from '../../model/connector.js';
import type { LastApplied } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';
import type { ConnectorView } from '../../model/plan.js';
import { SENSITIVE_PLACEHOLDER } from '../../secrets/SecretValue.js';

/** Turns a stored config into the canonical-with-defaults form a view shows (the planner passes its memoised one). */
export type CanonicalizeConfig = (connectorTypeId: string, config: JsonObject) => JsonObject;

/**
 * The `before`/`after` view of a connector as the target holds it. `hasSecrets` says whether to
 * show the "(sensitive)" marker: Kibana never says whether a connector holds secrets, so the
 * caller decides; a connector missing its secrets never shows one.
 */
export function actualConnectorView(actual: ActualConnector, canonicalize: CanonicalizeConfig, hasSecrets = true): ConnectorView {
  return {
    connector_id: actual.id,
    space_id: actual.spaceId,
    name: actual.name,
    connector_type_id: actual.connectorTypeId,
    config: canonicalize(actual.connectorTypeId, actual.config ?? {}),
    secrets: hasSecrets && !actual.isMissingSecrets ? SENSITIVE_PLACEHOLDER : null,
    ...(actual.isMissingSecrets ? { is_missing_secrets: true } : {}),
  };
}

/** The view of what kcr last applied to a connector (a removal's `before`, drift's baseline). */
export function lastAppliedConnectorView(spaceId: string, connectorId: string, last: LastApplied, canonicalize: CanonicalizeConfig): ConnectorView {
  return {
    connector_id: connectorId,
    space_id: spaceId,
    name: last.name,
    connector_type_id: last.connectorTypeId,
    config: canonicalize(last.connectorTypeId, last.config),
    secrets: SENSITIVE_PLACEHOLDER,
  };
}
