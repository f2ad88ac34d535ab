import type { ActionsSettings } from '../config/types.js';
import { KcrError } from '../errors.js';
import type { JsonObject } from '../model/json.js';
import { BUILT_IN_CONNECTOR_TYPES } from './definitions/index.js';
import { applySchemaDefaults } from './schemaDefaults.js';
import type { AllowedHostsField, ConnectorTypeSpec } from './spec.js';
import type { ConnectorTypeDefinition, ConnectorTypes, ConnectorValidationResult } from './types.js';
import { rawSchema, validateConnector } from './validateConnector.js';
import { copyJson } from './copyJson.js';

/**
 * The strict connector-type registry, after Kibana's actions plugin: each type is registered once
 * (a duplicate id throws), an unknown type is Kibana's 400 `Action type "<id>" is not registered.`
 */
export class ConnectorTypeRegistry implements ConnectorTypes {
  private readonly specs = new Map<string, ConnectorTypeSpec>();

  /** Adds a type; throws when the id is already registered or its schemas are not loaded. */
  register(spec: ConnectorTypeSpec): void {
    if (this.specs.has(spec.id)) throw new Error(`connector type "${spec.id}" is already registered`);
    // Resolving the schemas now makes a typo in a definition fail at start-up, not at first use.
    rawSchema(spec.configSchemaId);
    rawSchema(spec.secretsSchemaId);
    this.specs.set(spec.id, spec);
  }

  has(typeId: string): boolean {
    return this.specs.has(typeId);
  }

  get(typeId: string): ConnectorTypeDefinition | undefined {
    const spec = this.specs.get(typeId);
    return spec ? publicDefinition(spec) : undefined;
  }

  /** Every registered type (system types included), sorted by id. */
  list(): ConnectorTypeDefinition[] {
    return [...this.specs.values()].sort((a, b) => a.id.localeCompare(b.id)).map(publicDefinition);
  }

  /** The type, or Kibana's 400 for an unregistered one. */
  require(typeId: string): ConnectorTypeDefinition {
    return publicDefinition(this.requireSpec(typeId));
  }

  validate(typeId: string, config: JsonObject, secrets: JsonObject, settings: ActionsSettings): ConnectorValidationResult {
    const spec = this.specs.get(typeId);
    if (!spec) {
      const kibanaMessage = notRegisteredMessage(typeId);
      return { ok: false, issues: [{ pointer: '/connector_type_id', message: `connector type "${typeId}" is not registered (see kcr types)`, kibanaMessage, status: 400 }] };
    }
    return validateConnector(spec, config, secrets, settings);
  }

  /**
   * The config as Kibana stores it. An unknown type (say, one a newer Kibana added) keeps its
   * config as it is, so reading actual state never fails on it.
   */
  withDefaults(typeId: string, config: JsonObject): JsonObject {
    const spec = this.specs.get(typeId);
    if (!spec) return copyJson(config);
    return applySchemaDefaults(rawSchema(spec.configSchemaId), copyJson(config));
  }

  isDeprecated(typeId: string, config: JsonObject): boolean {
    return this.specs.get(typeId)?.isDeprecated?.(config) ?? false;
  }

  /** The config/secrets fields of a type that are checked against `allowedHosts` (for the kibana target and the API). */
  allowedHostsFields(typeId: string): readonly AllowedHostsField[] {
    return this.requireSpec(typeId).allowedHostsFields ?? [];
  }

  private requireSpec(typeId: string): ConnectorTypeSpec {
    const spec = this.specs.get(typeId);
    if (!spec) throw new KcrError('CONNECTOR_TYPE_NOT_REGISTERED', notRegisteredMessage(typeId), { attributes: { connectorTypeId: typeId } });
    return spec;
  }
}

/** A registry holding every built-in Kibana connector type. */
export function createConnectorTypeRegistry(): ConnectorTypeRegistry {
  const registry = new ConnectorTypeRegistry();
  for (const spec of BUILT_IN_CONNECTOR_TYPES) registry.register(spec);
  return registry;
}

function notRegisteredMessage(typeId: string): string {
  return `Action type "${typeId}" is not registered.`;
}

function publicDefinition(spec: ConnectorTypeSpec): ConnectorTypeDefinition {
  const definition: ConnectorTypeDefinition = {
    id: spec.id,
    name: spec.name,
    category: spec.category,
    minimumLicense: spec.minimumLicense,
    supportedFeatureIds: [...spec.supportedFeatureIds],
    isSystemActionType: spec.isSystemActionType,
    configSchemaId: spec.configSchemaId,
    secretsSchemaId: spec.secretsSchemaId,
  };
  if (spec.subFeature !== undefined) definition.subFeature = spec.subFeature;
  return definition;
}
