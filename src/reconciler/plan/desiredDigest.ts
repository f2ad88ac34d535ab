import { createHash } from 'node:crypto';
import { sortKeysDeep, stripNulls } from '../../model/canonicalJson.js';
import { connectorAddress } from '../../model/connector.js';
import type { DesiredConnector } from '../../model/desired.js';

/** Entries hashed per update (see computeDesiredDigest). */
const DIGEST_BATCH = 500;

/**
 * `sha256:<hex>` of a desired state, independent of document order, key order, nulls and the
 * manifest format: the same connectors from YAML or JSON give the same digest. Where they were
 * declared (file, document) and their labels do not change what is applied, so they are left out
 * (`metadata.name` stays: the inventory records it);
 * secrets enter only through their fingerprint.
 */
export function computeDesiredDigest(desired: DesiredConnector[]): string {
  // Addresses are computed once, not twice per comparison of the sort.
  const ordered = desired.map((d) => ({ address: connectorAddress(d.spaceId, d.connectorId), d })).sort((a, b) => compareText(a.address, b.address));
  // The same bytes as sha256Digest(array), hashed a few hundred entries at a time: no
  // 10,000-entry text is ever built, and the hash is not called once per entry either.
  const hash = createHash('sha256');
  for (let start = 0; start < ordered.length; start += DIGEST_BATCH) {
    const texts = ordered.slice(start, start + DIGEST_BATCH).map(({ d }) => JSON.stringify(canonicalEntry(d)));
    hash.update(`${start === 0 ? '[' : ','}${texts.join(',')}`);
  }
  return `sha256:${hash.update(ordered.length === 0 ? '[]' : ']').digest('hex')}`;
}

/**
 * One connector's entry with its keys already in sorted order (so JSON.stringify writes the
 * canonical text, and only the config, whose keys are the user's, needs sorting): this runs
 * for every connector of every plan.
 */
function canonicalEntry(d: DesiredConnector): unknown {
  return {
    config: sortKeysDeep(stripNulls(d.config)),
    connector_id: d.connectorId,
    connector_type_id: d.connectorTypeId,
    manifest_name: d.source.name,
    name: d.name,
    policy: {
      deletion_policy: d.policy.deletionPolicy,
      ignore_changes: d.policy.ignoreChanges.length === 0 ? [] : [...new Set(d.policy.ignoreChanges)].sort(),
      protect: d.policy.protect,
    },
    secrets_fingerprint: d.secretsFingerprint,
    space_id: d.spaceId,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
