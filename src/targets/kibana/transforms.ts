import type { ActualConnector } from '../../model/connector.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/json.js';
import { KcrError } from '../../errors.js';
import type { ConnectorWrite, TargetConnectorType } from '../Target.js';

/*
 * The one place where Kibana's snake_case wire format meets kcr's camelCase model
 * (the Kibana actions plugin keeps the same split in its `transforms/`).
 */

function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (!isJsonObject(value)) throw new KcrError('TARGET_UNAVAILABLE', `Kibana answered ${what} with something that is not a JSON object`);
  return value as Record<string, unknown>;
}

/** A connector as Kibana returns it (`GET /api/actions/connector/{id}`, list items, write responses). */
export function connectorFromKibana(spaceId: string, body: unknown): ActualConnector {
  const raw = expectObject(body, 'a connector request');
  if (typeof raw.id !== 'string' || typeof raw.connector_type_id !== 'string') {
    throw new KcrError('TARGET_UNAVAILABLE', 'Kibana answered with a connector lacking id or connector_type_id');
  }
  const connector: ActualConnector = {
    spaceId,
    id: raw.id,
    name: typeof raw.name === 'string' ? raw.name : '',
    connectorTypeId: raw.connector_type_id,
    isPreconfigured: raw.is_preconfigured === true,
    isDeprecated: raw.is_deprecated === true,
    isMissingSecrets: raw.is_missing_secrets === true,
    isSystemAction: raw.is_system_action === true,
  };
  // Preconfigured connectors come without config unless exposed: keep "absent" distinct from {}.
  if (isJsonObject(raw.config as JsonValue)) connector.config = raw.config as JsonObject;
  if (typeof raw.referenced_by_count === 'number') connector.referencedByCount = raw.referenced_by_count;
  return connector;
}

/** The list route's array of connectors. */
export function connectorsFromKibana(spaceId: string, body: unknown): ActualConnector[] {
  if (!Array.isArray(body)) throw new KcrError('TARGET_UNAVAILABLE', 'Kibana answered the connector list with something that is not an array');
  return body.map((item) => connectorFromKibana(spaceId, item));
}

/** One item of `GET /api/actions/connector_types`. */
export function connectorTypeFromKibana(body: unknown): TargetConnectorType {
  const raw = expectObject(body, 'a connector type request');
  return {
    id: String(raw.id),
    name: String(raw.name),
    enabled: raw.enabled === true,
    enabledInConfig: raw.enabled_in_config === true,
    enabledInLicense: raw.enabled_in_license === true,
    minimumLicenseRequired: String(raw.minimum_license_required ?? 'basic'),
    supportedFeatureIds: Array.isArray(raw.supported_feature_ids) ? raw.supported_feature_ids.map(String) : [],
    isSystemActionType: raw.is_system_action_type === true,
  };
}

/** The create body. Secrets are revealed here and only into the body that goes on the wire. */
export function createBody(connectorTypeId: string, write: ConnectorWrite): JsonObject {
  return { name: write.name, connector_type_id: connectorTypeId, config: write.config, secrets: write.secrets.reveal() };
}

/** The update body: always name, config and secrets, because Kibana's PUT replaces all three. */
export function updateBody(write: ConnectorWrite): JsonObject {
  return { name: write.name, config: write.config, secrets: write.secrets.reveal() };
}

/** Every string inside a secrets object, so error text can be scrubbed of them. */
export function secretStrings(value: JsonValue): string[] {
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(secretStrings);
  if (isJsonObject(value)) return Object.values(value).flatMap(secretStrings);
  if (typeof value === 'number') return [String(value)].filter((text) => text.length >= 4);
  return [];
}
