import { randomUUID } from 'node:crypto';
import type { KcrConfig, PreconfiguredConnectorConfig } from '../../config/types.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import { KcrError } from '../../errors.js';
import type { ActualConnector } from '../../model/connector.js';
import type { JsonObject } from '../../model/json.js';
import { SecretValue } from '../../secrets/SecretValue.js';
import type { EmbeddedConnectorRow, Store } from '../../store/Store.js';
import type { ConnectorWrite, Target, TargetConnectorType } from '../Target.js';
import { assertValidConnectorId, systemConnectorId } from './connectorId.js';
import { isTypeEnabledInConfig, validationError } from './validationError.js';

export interface EmbeddedTargetOptions {
  store: Store;
  registry: ConnectorTypes;
  config: Pick<KcrConfig, 'actions' | 'preconfigured'>;
  /** Id generator for creates without an id (Kibana: a UUID v4). */
  generateId?: () => string;
}

/**
 * The embedded target: kcr keeps the connectors itself, in the store, and behaves like Kibana's
 * actions client over them: the same checks in the same order, the same messages and statuses,
 * config stored as validated (sent keys plus Kibana's defaults). It neither bumps serials nor
 * writes events; ConnectorsService and the apply engine do, around each call.
 */
export class EmbeddedTarget implements Target {
  readonly kind = 'embedded' as const;
  readonly #store: Store;
  readonly #registry: ConnectorTypes;
  readonly #config: EmbeddedTargetOptions['config'];
  readonly #generateId: () => string;

  constructor(options: EmbeddedTargetOptions) {
    this.#store = options.store;
    this.#registry = options.registry;
    this.#config = options.config;
    this.#generateId = options.generateId ?? randomUUID;
  }

  /** Preconfigured connectors (in every space) and the space's own, sorted by name as Kibana lists them. */
  async listConnectors(spaceId: string): Promise<ActualConnector[]> {
    const rows = await this.#store.embeddedConnectors.list(spaceId);
    const connectors = [...this.#preconfiguredList(spaceId), ...rows.map((row) => this.#fromRow(row))];
    return connectors.sort((a, b) => byName.compare(a.name, b.name));
  }

  async getConnector(spaceId: string, id: string): Promise<ActualConnector> {
    const preconfigured = this.#preconfigured(id);
    if (preconfigured) return this.#fromPreconfigured(spaceId, id, preconfigured);
    // Kibana's actions client answers a system connector's id with its own 404 text.
    if (this.#isSystemConnectorId(id)) throw new KcrError('CONNECTOR_NOT_FOUND', `Connector ${id} not found`, { attributes: { id, space_id: spaceId } });
    const row = await this.#store.embeddedConnectors.get(spaceId, id);
    if (!row) throw notFound(id, spaceId);
    return this.#fromRow(row);
  }

  /** Kibana's create: id format, system type, preconfigured id, registered type, validation, enabled, then insert without overwrite. */
  async createConnector(spaceId: string, id: string | undefined, connectorTypeId: string, write: ConnectorWrite): Promise<ActualConnector> {
    if (id !== undefined) assertValidConnectorId(id);
    const type = this.#registry.get(connectorTypeId);
    if (type?.isSystemActionType || (id !== undefined && this.#isSystemConnectorId(id))) {
      throw new KcrError('SYSTEM_CONNECTOR', `System action creation is forbidden. Action type: ${connectorTypeId}.`);
    }
    if (id !== undefined && this.#preconfigured(id)) {
      throw new KcrError('PRECONFIGURED_CONNECTOR', `This ${id} already exists in a preconfigured action.`, { attributes: { id } });
    }
    if (!type) throw new KcrError('CONNECTOR_TYPE_NOT_REGISTERED', `Action type "${connectorTypeId}" is not registered.`, { attributes: { connectorTypeId } });
    const validated = this.#validate(connectorTypeId, write);
    const row = await this.#store.embeddedConnectors.insert({
      spaceId,
      id: id ?? this.#generateId(),
      name: write.name,
      connectorTypeId,
      config: validated.config,
      secrets: new SecretValue(validated.secrets),
      isMissingSecrets: false,
    });
    return this.#fromRow(row);
  }

  /** Kibana's update: a full replacement of name, config and secrets; the type never changes; clears is_missing_secrets. */
  async updateConnector(spaceId: string, id: string, write: ConnectorWrite): Promise<ActualConnector> {
    if (this.#isSystemConnectorId(id)) throw new KcrError('SYSTEM_CONNECTOR', `System action ${id} can not be updated.`);
    if (this.#preconfigured(id)) throw new KcrError('PRECONFIGURED_CONNECTOR', `Preconfigured action ${id} can not be updated.`, { attributes: { id } });
    const existing = await this.#store.embeddedConnectors.get(spaceId, id);
    if (!existing) throw notFound(id, spaceId);
    const validated = this.#validate(existing.connectorTypeId, write);
    const row = await this.#store.embeddedConnectors.replace(spaceId, id, {
      name: write.name,
      config: validated.config,
      secrets: new SecretValue(validated.secrets),
      isMissingSecrets: false,
    });
    return this.#fromRow(row);
  }

  async deleteConnector(spaceId: string, id: string): Promise<void> {
    if (this.#isSystemConnectorId(id)) throw new KcrError('SYSTEM_CONNECTOR', `System action ${id} is not allowed to delete.`);
    if (this.#preconfigured(id)) throw new KcrError('PRECONFIGURED_CONNECTOR', `Preconfigured action ${id} is not allowed to delete.`, { attributes: { id } });
    if (!(await this.#store.embeddedConnectors.delete(spaceId, id))) throw notFound(id, spaceId);
  }

  /**
   * Every non-system type. kcr has no license: it answers as a Kibana with a trial license, so
   * `enabled_in_license` is always true and `enabled` follows `actions.enabledActionTypes`.
   */
  async listConnectorTypes(featureId?: string): Promise<TargetConnectorType[]> {
    return this.#registry
      .list()
      .filter((type) => !type.isSystemActionType && (featureId === undefined || type.supportedFeatureIds.includes(featureId)))
      .map((type) => {
        const enabledInConfig = isTypeEnabledInConfig(type.id, this.#config.actions.enabledActionTypes);
        return {
          id: type.id,
          name: type.name,
          enabled: enabledInConfig,
          enabledInConfig,
          enabledInLicense: true,
          minimumLicenseRequired: type.minimumLicense,
          supportedFeatureIds: [...type.supportedFeatureIds],
          isSystemActionType: false,
        };
      });
  }

  async close(): Promise<void> {
    // The store belongs to the composition root, which closes it.
  }

  #validate(connectorTypeId: string, write: ConnectorWrite): { config: JsonObject; secrets: JsonObject } {
    const result = this.#registry.validate(connectorTypeId, write.config, write.secrets.reveal(), this.#config.actions);
    if (!result.ok) throw validationError(result.issues);
    return { config: result.config, secrets: result.secrets };
  }

  #preconfigured(id: string): PreconfiguredConnectorConfig | undefined {
    return Object.hasOwn(this.#config.preconfigured, id) ? this.#config.preconfigured[id] : undefined;
  }

  #preconfiguredList(spaceId: string): ActualConnector[] {
    return Object.entries(this.#config.preconfigured).map(([id, connector]) => this.#fromPreconfigured(spaceId, id, connector));
  }

  #isSystemConnectorId(id: string): boolean {
    // Every GET, update and delete asks: most ids are not system ids, and those need no type list.
    if (!id.startsWith(SYSTEM_CONNECTOR_ID_PREFIX)) return false;
    return this.#registry.list().some((type) => type.isSystemActionType && id === systemConnectorId(type.id));
  }

  /** Preconfigured connectors show in every space; config only when exposeConfig, and no is_missing_secrets (the transform drops it). */
  #fromPreconfigured(spaceId: string, id: string, connector: PreconfiguredConnectorConfig): ActualConnector {
    const actual: ActualConnector = {
      spaceId,
      id,
      name: connector.name,
      connectorTypeId: connector.actionTypeId,
      isPreconfigured: true,
      isDeprecated: this.#registry.isDeprecated(connector.actionTypeId, connector.config ?? {}),
      isMissingSecrets: false,
      isSystemAction: false,
    };
    if (connector.exposeConfig) actual.config = this.#registry.withDefaults(connector.actionTypeId, connector.config ?? {});
    return actual;
  }

  #fromRow(row: EmbeddedConnectorRow): ActualConnector {
    return {
      spaceId: row.spaceId,
      id: row.id,
      name: row.name,
      connectorTypeId: row.connectorTypeId,
      config: row.config,
      isPreconfigured: false,
      isDeprecated: this.#registry.isDeprecated(row.connectorTypeId, row.config),
      isMissingSecrets: row.isMissingSecrets,
      isSystemAction: false,
      secretsFingerprint: row.secretsFingerprint,
    };
  }
}

/** The order of `a.localeCompare(b)` (same default locale and options), without building a collator per comparison. */
const byName = new Intl.Collator();

/** What every `systemConnectorId(...)` starts with. */
const SYSTEM_CONNECTOR_ID_PREFIX = systemConnectorId('');

function notFound(id: string, spaceId: string): KcrError {
  return new KcrError('CONNECTOR_NOT_FOUND', `Saved object [action/${id}] not found`, { attributes: { id, space_id: spaceId } });
}
