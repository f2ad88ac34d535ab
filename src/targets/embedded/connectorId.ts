import { KcrError } from '../../errors.js';

/** Kibana's longest connector id (newest versions; a UUID is 36 characters). */
export const MAX_CONNECTOR_ID_LENGTH = 36;

/**
 * Refuses an id newer Kibana would refuse, with its messages: 1-36 characters of `[a-z0-9-]`.
 * Older Kibana took any string; kcr follows the newest rule so ids stay portable to every version.
 */
export function assertValidConnectorId(id: string): void {
  if (!/^[a-z0-9-]+$/.test(id)) {
    throw new KcrError('CONNECTOR_ID_INVALID', 'Connector ID must contain only lowercase letters, numbers, and hyphens.', { errors: [{ path: '/id', message: 'expected only lowercase letters, numbers and hyphens' }] });
  }
  if (id.length > MAX_CONNECTOR_ID_LENGTH) {
    throw new KcrError('CONNECTOR_ID_INVALID', `Connector ID must be ${MAX_CONNECTOR_ID_LENGTH} characters or less (received ${id.length}).`, { errors: [{ path: '/id', message: `expected at most ${MAX_CONNECTOR_ID_LENGTH} characters` }] });
  }
}

/** The id Kibana gives an in-memory system connector of a type. */
export function systemConnectorId(typeId: string): string {
  return `system-connector-${typeId}`;
}
