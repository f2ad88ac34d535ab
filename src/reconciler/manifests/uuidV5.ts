import { hash } from 'node:crypto';

/**
 * The fixed namespace of kcr's default connector ids (chosen once at random). Never change it:
 * every connector declared without `connector_id` would get a new id, and the next plan would
 * replace all of them.
 */
export const KCR_CONNECTOR_ID_NAMESPACE = 'c767e429-58fc-44e8-acdc-8d89d212208f';

function namespaceToBytes(namespace: string): Buffer {
  const bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (bytes.length !== 16) throw new Error(`namespace ${namespace} is not a UUID`);
  return bytes;
}

/** Decoded once: every connector declared without an id hashes it. */
const KCR_NAMESPACE_BYTES = namespaceToBytes(KCR_CONNECTOR_ID_NAMESPACE);

/** RFC 9562 UUID version 5 (SHA-1, name-based) of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const namespaceBytes = namespace === KCR_CONNECTOR_ID_NAMESPACE ? KCR_NAMESPACE_BYTES : namespaceToBytes(namespace);
  // The one-shot crypto.hash: a Hash object per id was a visible cost at 10,000 connectors.
  const bytes = hash('sha1', Buffer.concat([namespaceBytes, Buffer.from(name, 'utf8')]), 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id a manifest without `connector_id` gets: UUIDv5 of `"<space_id>/<metadata.name>"`, stable across runs and machines. */
export function defaultConnectorId(spaceId: string, manifestName: string): string {
  return uuidV5(`${spaceId}/${manifestName}`, KCR_CONNECTOR_ID_NAMESPACE);
}
