import type { JsonObject } from '../../src/model/json.js';

/**
 * Per connector type, what Kibana (8.x up to 8.19, 9.0 up to 9.2) does with a create: a minimal
 * valid connector and the exact config it stores, other accepted variants, and refusals with the
 * exact 400 message. Shared by the API suite (test/api/kibana/connectorTypeFidelity.test.ts) and
 * the preconfigured-connector suite. Messages come from Kibana's source (see kibanaValidation.ts).
 */
export interface Accepted {
  title: string;
  config: JsonObject;
  secrets: JsonObject;
  stored: JsonObject;
}

export interface Refusal {
  title: string;
  config: JsonObject;
  secrets: JsonObject;
  message: string;
  /** `xpack.actions.allowedHosts` for this refusal; default `['*']`. */
  allowedHosts?: string[];
}

export interface TypeCase {
  typeId: string;
  accepted: Accepted[];
  refusals: Refusal[];
}

export const CONFIG = 'error validating action type config: ';
export const SECRETS = 'error validating action type secrets: ';
export const CONNECTOR = 'error validating action type connector: ';
export const NOT_ADDED = 'is not added to the Kibana config xpack.actions.allowedHosts';
export const ONLY_OK = ['ok.example.com'];

/** config-schema's text for a required key that is missing. */
export const missing = (key: string, type = 'string'): string => `[${key}]: expected value of type [${type}] but got [undefined]`;

/** One refusal per required key of `part`: the minimal connector without that key. */
export function eachRequired(part: 'config' | 'secrets', base: { config: JsonObject; secrets: JsonObject }, keys: Array<string | [string, string]>): Refusal[] {
  return keys.map((entry) => {
    const [key, type] = typeof entry === 'string' ? [entry, 'string'] : entry;
    const { [key]: _dropped, ...rest } = base[part];
    return {
      title: `${part}.${key} missing`,
      config: part === 'config' ? rest : base.config,
      secrets: part === 'secrets' ? rest : base.secrets,
      message: `${part === 'config' ? CONFIG : SECRETS}${missing(key, type)}`,
    };
  });
}

