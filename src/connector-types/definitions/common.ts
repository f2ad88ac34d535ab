import type { ConnectorTypeCategory, LicenseLevel } from '../types.js';
import type { AllowedHostsField, ConnectorTypeSpec } from '../spec.js';

export const GENERATIVE_AI: ConnectorTypeCategory = 'Generative AI';
export const ELASTIC_STACK: ConnectorTypeCategory = 'Elastic Stack';
export const ALERTING_AND_CASES: ConnectorTypeCategory = 'Alerting and case management';

export const GENAI_FEATURES = ['generativeAIForSecurity', 'generativeAIForObservability', 'generativeAIForSearchPlayground'];
export const ALERTING_FEATURES = ['alerting', 'uptime', 'siem'];

const SCHEMA_BASE = 'https://kcr.dev/schemas/connector-types/';

/** The fields every definition spells out; the schema ids follow from the type id. */
export interface TypeBasics {
  id: string;
  name: string;
  category: ConnectorTypeCategory;
  minimumLicense: LicenseLevel;
  supportedFeatureIds: string[];
  isSystemActionType?: boolean;
  subFeature?: string;
}

/** A type spec with its schema `$id`s (`https://kcr.dev/schemas/connector-types/<id>/config.json`). */
export function defineType(basics: TypeBasics, behaviour: Omit<ConnectorTypeSpec, keyof TypeBasics | 'configSchemaId' | 'secretsSchemaId'> = {}): ConnectorTypeSpec {
  return {
    ...basics,
    isSystemActionType: basics.isSystemActionType ?? false,
    configSchemaId: `${SCHEMA_BASE}${basics.id}/config.json`,
    secretsSchemaId: `${SCHEMA_BASE}${basics.id}/secrets.json`,
    ...behaviour,
  };
}

/** A config URL checked only against allowedHosts (`ensureUriAllowed`), with the type's prefix. */
export function configUrl(key: string, prefix = '', options: Partial<AllowedHostsField> = {}): AllowedHostsField {
  return { part: 'config', key, check: 'allowed', prefix, ...options };
}

/** The sub-action framework's `urlAllowListValidator(key)`: `error validating url: target url ...`. */
export function subActionUrl(key: string): AllowedHostsField {
  return configUrl(key, 'error validating url: ');
}

/** A URL that must parse before its host is checked (Kibana's text for one that does not parse). */
export function parsedUrl(part: AllowedHostsField['part'], key: string, prefix: string, parseError: string): AllowedHostsField {
  return { part, key, check: 'parsed', prefix, parseError };
}

/** The generative-AI types' `assertURL` and `urlAllowListValidator`, inside `<prefix>Error: ...`. */
export function assertedUrl(key: string, typeTitle: string): AllowedHostsField {
  return { part: 'config', key, check: 'assertUrl', prefix: `Error configuring ${typeTitle} action: Error: ` };
}
