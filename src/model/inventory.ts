import type { JsonObject } from './json.js';
import type { ConnectorPolicy } from './desired.js';

/** What kcr last applied to one connector, kept to detect drift and to honour the last policy. */
export interface LastApplied {
  name: string;
  connectorTypeId: string;
  /** The config as the target stored it after the apply (with Kibana's defaults). */
  config: JsonObject;
  secretsFingerprint: string;
  policy: ConnectorPolicy;
}

/** One connector owned by a manifest set (created or adopted by it). */
export interface InventoryEntry {
  set: string;
  spaceId: string;
  connectorId: string;
  /** `metadata.name` of the manifest that declared it. */
  manifestName: string;
  lastApplied: LastApplied;
  appliedAt: string;
  planId: string | null;
}
