import type { ConnectorPolicy } from '../../model/desired.js';
import type { JsonObject } from '../../model/json.js';
import type { ManifestIssue } from './types.js';

/**
 * The newest internal form of one declared connector, whatever `apiVersion` it was written in.
 * Everything after the version converters (JSON strings, secret references, identity, type
 * checks) works on this form only, so a new manifest version never touches those steps.
 */
export interface ConnectorManifest {
  /** `metadata.name` */
  name: string;
  labels: Record<string, string>;
  /** Absent: UUIDv5 of `"<spaceId>/<name>"`. */
  connectorId?: string;
  /** Absent: `default`. */
  spaceId?: string;
  displayName: string;
  connectorTypeId: string;
  /** As declared: an object, a JSON string (as Terraform's `jsonencode`), or absent. */
  config?: JsonObject | string;
  secrets?: JsonObject | string;
  policy: ConnectorPolicy;
  /** JSON pointers (in the document as written) of the fields later steps report problems on. */
  pointers: { spec: string; name: string; connectorId: string; config: string; secrets: string; connectorTypeId: string };
}

/** What a version converter makes of one document: the connectors it could read, and every problem. */
export interface ConvertedDocument {
  connectors: ConnectorManifest[];
  issues: ManifestIssue[];
}

/** Reads one document of its `apiVersion` into the newest internal form. */
export interface ManifestVersion {
  /** The kinds this version knows, named in the error for an unknown kind. */
  kinds: string[];
  convert(document: Record<string, unknown>): ConvertedDocument;
}
