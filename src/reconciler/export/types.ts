import type { JsonObject } from '../../model/json.js';

/**
 * The shape of a connector's stored secrets with every value dropped: a key maps to `true` (a
 * value was stored there) or to the shape of a nested object. Exports need the keys to write
 * placeholders for; they must never see a value, so the shape is all they get.
 */
export interface SecretKeyTree {
  [key: string]: true | SecretKeyTree;
}

/** One connector to export: a non-preconfigured connector of the space as the target holds it. */
export interface ExportConnector {
  spaceId: string;
  id: string;
  name: string;
  connectorTypeId: string;
  /** As stored (with Kibana's defaults); absent means `{}`. */
  config?: JsonObject;
  isMissingSecrets: boolean;
  /** Which secret keys are stored, when the target can tell (embedded); else guessed from the type's secrets schema. */
  secretKeys?: SecretKeyTree;
  /** Creation and last write times, when the target records them (the NDJSON `created_at`, `updated_at`). */
  createdAt?: string;
  updatedAt?: string;
}
