import type { ActionsSettings } from '../config/types.js';
import type { JsonObject } from '../model/json.js';
import type { PropertySchema } from './schemaDefaults.js';
import type { ConnectorTypeDefinition } from './types.js';

/** Which half of a connector a field lives in. */
export type ConnectorPart = 'config' | 'secrets';

/**
 * How a type's Kibana validator checks one URL field against `xpack.actions.allowedHosts`, and
 * with which words.
 * - `allowed`: only `ensureUriAllowed` (an unparsable value is simply not allowed, unless `*`);
 * - `parsed`: `new URL(value)` first, with the type's own text for a value that does not parse;
 * - `assertUrl`: the generative-AI types' `assertURL` (http: or https: with a host name) first.
 */
export type UrlCheck = 'allowed' | 'parsed' | 'assertUrl';

/** A field whose value is an outbound URL, checked against `xpack.actions.allowedHosts`. */
export interface AllowedHostsField {
  part: ConnectorPart;
  /** Top-level key of config or secrets. */
  key: string;
  check: UrlCheck;
  /** What the type puts before `target url "..." is not added ...` (and before a parse error). */
  prefix: string;
  /** For `parsed`: Kibana's whole text for a value that does not parse. */
  parseError?: string;
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

/**
 * What a type rule sees: for the config and secrets phases the config with defaults filled in;
 * for the connector phase the config as sent (Kibana passes its validators the request's values).
 * The secrets are as given.
 */
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
  /** The type's custom validators, in Kibana's stages. */
  rules?: { config?: ConnectorRule; secrets?: ConnectorRule; connector?: ConnectorRule };
  /**
   * Where Kibana's schema for config or secrets is a `schema.oneOf` of objects: the alternatives in
   * Kibana's order and key order, so a refusal is worded as config-schema words a union.
   */
  schemaUnions?: Partial<Record<ConnectorPart, readonly PropertySchema[]>>;
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
