import type { ActualConnector } from '../model/connector.js';
import type { JsonObject } from '../model/json.js';
import type { SecretValue } from '../secrets/SecretValue.js';

/** What a create or update sends: name, config and secrets, always all three (Kibana's full replacement). */
export interface ConnectorWrite {
  name: string;
  config: JsonObject;
  secrets: SecretValue<JsonObject>;
}

/** A connector type as a target reports it (GET /api/actions/connector_types, camelCase). */
export interface TargetConnectorType {
  id: string;
  name: string;
  enabled: boolean;
  enabledInConfig: boolean;
  enabledInLicense: boolean;
  minimumLicenseRequired: string;
  supportedFeatureIds: string[];
  isSystemActionType: boolean;
}

/** Notes a target reports about one call (retries, faults seen), for the apply record. */
export interface CallReport {
  attempts: string[];
}

/**
 * Where connectors really live. Both implementations behave like Kibana: the same validation,
 * the same errors (KcrError with Kibana's status and message), the same connector JSON.
 * Targets do not bump serials or write events: the services that call them do.
 */
export interface Target {
  readonly kind: 'embedded' | 'kibana';
  /** Most calls the target should get at once (the kibana target's keep-alive pool size); absent: no limit of its own. */
  readonly concurrency?: number;
  /** Every connector of one space, preconfigured ones included (one list call). */
  listConnectors(spaceId: string): Promise<ActualConnector[]>;
  getConnector(spaceId: string, id: string): Promise<ActualConnector>;
  createConnector(spaceId: string, id: string | undefined, connectorTypeId: string, write: ConnectorWrite, report?: CallReport): Promise<ActualConnector>;
  updateConnector(spaceId: string, id: string, write: ConnectorWrite, report?: CallReport): Promise<ActualConnector>;
  deleteConnector(spaceId: string, id: string, report?: CallReport): Promise<void>;
  listConnectorTypes(featureId?: string): Promise<TargetConnectorType[]>;
  close(): Promise<void>;
}
