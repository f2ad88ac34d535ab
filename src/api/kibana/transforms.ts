import type { ActualConnector } from '../../model/connector.js';
import type { JsonObject } from '../../model/json.js';
import { SecretValue } from '../../secrets/SecretValue.js';
import type { ConnectorWrite, TargetConnectorType } from '../../targets/Target.js';
import type { CreateBody, UpdateBody } from './requestBody.js';

/**
 * The one place the Kibana wire format (snake_case) meets the domain model (camelCase), after
 * Kibana's own `transforms/`. Secrets enter here wrapped in a SecretValue and never leave.
 */

/** Kibana's connector JSON (create, get and update responses). */
export interface KibanaConnector {
  id: string;
  name: string;
  connector_type_id: string;
  config?: JsonObject;
  is_preconfigured: boolean;
  is_deprecated: boolean;
  is_missing_secrets?: boolean;
  is_system_action: boolean;
}

export interface KibanaConnectorListItem extends KibanaConnector {
  referenced_by_count: number;
}

export interface KibanaConnectorType {
  id: string;
  name: string;
  enabled: boolean;
  enabled_in_config: boolean;
  enabled_in_license: boolean;
  minimum_license_required: string;
  supported_feature_ids: string[];
  is_system_action_type: boolean;
}

/** A connector as Kibana renders it: no secrets ever; preconfigured ones carry no `is_missing_secrets`. */
export function toKibanaConnector(connector: ActualConnector): KibanaConnector {
  // Built key by key to keep Kibana's key order, which clients that diff raw bodies notice.
  return {
    id: connector.id,
    name: connector.name,
    connector_type_id: connector.connectorTypeId,
    ...(connector.config === undefined ? {} : { config: connector.config }),
    is_preconfigured: connector.isPreconfigured,
    is_deprecated: connector.isDeprecated,
    ...(connector.isPreconfigured ? {} : { is_missing_secrets: connector.isMissingSecrets }),
    is_system_action: connector.isSystemAction,
  };
}

/**
 * A list item. kcr has no rules or cases store, so nothing can reference a connector and
 * `referenced_by_count` is 0 (Kibana counts saved objects whose references name the connector).
 */
export function toKibanaListItem(connector: ActualConnector): KibanaConnectorListItem {
  return { ...toKibanaConnector(connector), referenced_by_count: connector.referencedByCount ?? 0 };
}

export function toKibanaConnectorType(type: TargetConnectorType): KibanaConnectorType {
  return {
    id: type.id,
    name: type.name,
    enabled: type.enabled,
    enabled_in_config: type.enabledInConfig,
    enabled_in_license: type.enabledInLicense,
    minimum_license_required: type.minimumLicenseRequired,
    supported_feature_ids: [...type.supportedFeatureIds],
    is_system_action_type: type.isSystemActionType,
  };
}

/** The domain write of a create or update body (config and secrets already defaulted to `{}`). */
export function toConnectorWrite(body: CreateBody | UpdateBody): ConnectorWrite {
  return { name: body.name, config: body.config, secrets: new SecretValue(body.secrets) };
}
