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

/** A config URL checked against allowedHosts. */
export function configUrl(key: string, options: Partial<AllowedHostsField> = {}): AllowedHostsField {
  return { part: 'config', key, kind: 'url', ...options };
}

/** A secrets URL checked against allowedHosts (its messages never show the URL). */
export function secretsUrl(key: string): AllowedHostsField {
  return { part: 'secrets', key, kind: 'url' };
}
