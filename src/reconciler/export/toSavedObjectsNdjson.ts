import type { ConnectorTypes } from '../../connector-types/types.js';
import type { JsonObject } from '../../model/json.js';
import { exportOrder } from './exportValues.js';
import { exportedIsMissingSecrets } from './secretKeys.js';
import type { ExportConnector } from './types.js';

/** The migration versions a Kibana 8.8+ export stamps on `action` saved objects. */
export const ACTION_CORE_MIGRATION_VERSION = '8.8.0';
export const ACTION_TYPE_MIGRATION_VERSION = '8.3.0';

export interface NdjsonOptions {
  /** `updated_at` for connectors whose target does not record write times (ISO 8601). */
  exportedAt: string;
}

/**
 * Renders connectors as a Kibana saved-objects export (`type: "action"`), one object a line in
 * the key order Kibana writes, then the export summary line, so the file can be imported into a
 * Kibana (Stack Management > Saved Objects) or back into kcr. Like Kibana, secrets are always
 * `{}` and `isMissingSecrets` is recomputed: an importer has to supply the secrets again.
 */
export function toSavedObjectsNdjson(connectors: ExportConnector[], registry: ConnectorTypes, options: NdjsonOptions): string {
  const lines = exportOrder(connectors).map((connector) => JSON.stringify(savedObjectOf(connector, registry, options)));
  const summary = { excludedObjects: [], excludedObjectsCount: 0, exportedCount: lines.length, missingRefCount: 0, missingReferences: [] };
  return `${[...lines, JSON.stringify(summary)].join('\n')}\n`;
}

function savedObjectOf(connector: ExportConnector, registry: ConnectorTypes, options: NdjsonOptions): JsonObject {
  const config = connector.config ?? {};
  const object: JsonObject = {
    attributes: {
      actionTypeId: connector.connectorTypeId,
      config,
      isMissingSecrets: exportedIsMissingSecrets(registry, connector.connectorTypeId, config),
      name: connector.name,
      secrets: {},
    },
    coreMigrationVersion: ACTION_CORE_MIGRATION_VERSION,
  };
  if (connector.createdAt !== undefined) object.created_at = connector.createdAt;
  Object.assign(object, {
    id: connector.id,
    managed: false,
    references: [],
    type: 'action',
    typeMigrationVersion: ACTION_TYPE_MIGRATION_VERSION,
    updated_at: connector.updatedAt ?? options.exportedAt,
  });
  return object;
}
