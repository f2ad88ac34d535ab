import type { SecretValue } from '../secrets/SecretValue.js';
import type { JsonObject } from './json.js';

/** kcr's own per-connector policy (the `policy:` block of a manifest). */
export interface ConnectorPolicy {
  /** true: any plan that deletes or replaces the connector fails. */
  protect: boolean;
  /** Orphan: removing the manifest forgets the connector instead of deleting it. */
  deletionPolicy: 'Delete' | 'Orphan';
  /** JSON pointers into config (e.g. `/defaultModel`) that are not diffed. */
  ignoreChanges: string[];
}

export const DEFAULT_POLICY: ConnectorPolicy = Object.freeze({
  protect: false,
  deletionPolicy: 'Delete',
  ignoreChanges: [],
}) as ConnectorPolicy;

/** Where a desired connector was declared. `document` is the 0-based index of the YAML document in the file. */
export interface ManifestSource {
  file: string;
  document: number;
  /** `metadata.name` */
  name: string;
}

/**
 * One connector as the manifests declare it, validated, with secret references resolved.
 * `config` is what the manifest said (nulls kept as written); `secrets` never leaves the wrapper
 * except to be encrypted, fingerprinted or sent to the target.
 */
export interface DesiredConnector {
  spaceId: string;
  connectorId: string;
  name: string;
  connectorTypeId: string;
  config: JsonObject;
  secrets: SecretValue<JsonObject>;
  /** HMAC-SHA256 of the canonical secrets (filled in by the reconciler service, which holds the key). */
  secretsFingerprint: string;
  policy: ConnectorPolicy;
  labels: Record<string, string>;
  source: ManifestSource;
}

/** A desired connector before the service fingerprinted its secrets (what the manifest loader returns). */
export type DesiredConnectorInput = Omit<DesiredConnector, 'secretsFingerprint'>;
