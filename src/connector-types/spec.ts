import type { ActionsSettings } from '../config/types.js';
import type { JsonObject } from '../model/json.js';
import type { ConnectorTypeDefinition } from './types.js';

/** Which half of a connector a field lives in. */
export type ConnectorPart = 'config' | 'secrets';

/**
 * A field whose value is an outbound URL or host name, checked against
 * `xpack.actions.allowedHosts` (Kibana's `ensureUriAllowed` / `ensureHostnameAllowed`).
 */
export interface AllowedHostsField {
  part: ConnectorPart;
  /** Top-level key of config or secrets. */
  key: string;
  /** `url` values must parse with `new URL`; `hostname` values are bare host names (email `host`). */
  kind: 'url' | 'hostname';
  /** The generative-AI types also insist on `http:`/`https:` with a host name. */
  httpOnly?: boolean;
  /** The URL Kibana uses when the field is null or absent (PagerDuty's events endpoint). */
  fallback?: string;
}

/** One problem found by a type's own rule (pointer from the connector root, plain message, Kibana's detail text). */
export interface RuleIssue {
  pointer: string;
  message: string;
  /** The text after Kibana's stage prefix, e.g. `[user] is required`. */
  kibanaDetail: string;
}

/** What a type rule sees: the config with defaults filled in, the secrets as given, and the settings. */
export interface RuleInput {
  config: JsonObject;
  secrets: JsonObject;
  settings: ActionsSettings;
}

export type ConnectorRule = (input: RuleInput) => RuleIssue[];

/** A connector type as the registry holds it: Kibana's public definition plus its validation behaviour. */
export interface ConnectorTypeSpec extends ConnectorTypeDefinition {
  /** Fields checked against allowedHosts in the config (or secrets) stage. */
  allowedHostsFields?: AllowedHostsField[];
  /**
   * What this type's Kibana validator puts before a URL problem (`error configuring pagerduty
   * action`), for every URL field; absent: a secrets URL gets `error configuring <name> action`
   * and a config URL Kibana's bare `target url ... is not added ...`.
   */
  configurationError?: string;
  /** The type's custom validators, in Kibana's stages. */
  rules?: { config?: ConnectorRule; secrets?: ConnectorRule; connector?: ConnectorRule };
  /** Kibana's `is_deprecated` for a connector of this type; false when absent. */
  isDeprecated?: (config: JsonObject) => boolean;
}

/** The JSON pointer of a top-level key of config or secrets. */
export function fieldPointer(part: ConnectorPart, key: string): string {
  return `/${part}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** A rule issue on one top-level field, whose plain message and Kibana text are the same. */
export function fieldIssue(part: ConnectorPart, key: string, kibanaDetail: string, message = kibanaDetail): RuleIssue {
  return { pointer: fieldPointer(part, key), message, kibanaDetail };
}

/** True when the key is absent, null (Kibana's `== null` checks treat both alike). */
export function isUnset(object: JsonObject, key: string): boolean {
  return object[key] === undefined || object[key] === null;
}
