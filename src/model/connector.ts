import type { JsonObject } from './json.js';

/** The default Kibana space. */
export const DEFAULT_SPACE = 'default';

/** What Kibana takes as a space id in a `/s/{space}` prefix; any other prefix is not a route (404). */
export const KIBANA_SPACE_ID = /^[a-z0-9_-]{1,1024}$/;

/** The space a `/s/{space}/...` path names, when it has Kibana's shape; undefined otherwise. */
export function spaceOfPath(path: string): string | undefined {
  const match = /^\/s\/([^/]+)\//.exec(path);
  return match && KIBANA_SPACE_ID.test(match[1]!) ? match[1] : undefined;
}

/**
 * A connector as a target holds it: Kibana's connector JSON in camelCase. Secrets are never
 * part of it; the embedded target may report the fingerprint of the secrets it stores.
 */
export interface ActualConnector {
  spaceId: string;
  id: string;
  name: string;
  connectorTypeId: string;
  /** The stored config with the defaults Kibana fills in. Absent for preconfigured connectors that do not expose it. */
  config?: JsonObject;
  isPreconfigured: boolean;
  isDeprecated: boolean;
  isMissingSecrets: boolean;
  isSystemAction: boolean;
  referencedByCount?: number;
  /** HMAC fingerprint of the secrets the target holds, when the target can know it (embedded only). */
  secretsFingerprint?: string;
}

/** The identity of a connector: `(space_id, connector_id)`, rendered as `space/id`. */
export function connectorAddress(spaceId: string, connectorId: string): string {
  return `${spaceId}/${connectorId}`;
}
