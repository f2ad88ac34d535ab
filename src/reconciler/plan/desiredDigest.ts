import { sha256Digest, stripNulls } from '../../model/canonicalJson.js';
import { connectorAddress } from '../../model/connector.js';
import type { DesiredConnector } from '../../model/desired.js';

/**
 * `sha256:<hex>` of a desired state, independent of document order, key order, nulls and the
 * manifest format: the same connectors from YAML or JSON give the same digest. Where they were
 * declared (file, document) and their labels do not change what is applied, so they are left out
 * (`metadata.name` stays: the inventory records it);
 * secrets enter only through their fingerprint.
 */
export function computeDesiredDigest(desired: DesiredConnector[]): string {
  const canonical = desired
    .map((d) => ({
      space_id: d.spaceId,
      connector_id: d.connectorId,
      manifest_name: d.source.name,
      name: d.name,
      connector_type_id: d.connectorTypeId,
      config: stripNulls(d.config),
      secrets_fingerprint: d.secretsFingerprint,
      policy: {
        protect: d.policy.protect,
        deletion_policy: d.policy.deletionPolicy,
        ignore_changes: [...new Set(d.policy.ignoreChanges)].sort(),
      },
    }))
    .sort((a, b) => compareText(connectorAddress(a.space_id, a.connector_id), connectorAddress(b.space_id, b.connector_id)));
  return sha256Digest(canonical);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
