import type { ConnectorTypes } from '../connector-types/types.js';
import type { ErrorDetail } from '../errors.js';
import { isJsonObject } from '../model/json.js';
import type { ActionsSettings, PreconfiguredConnectorConfig } from './types.js';

/**
 * Validates every preconfigured connector against its type at start-up, as Kibana does for
 * `xpack.actions.preconfigured`. `enabledActionTypes` is not applied: Kibana keeps a preconfigured
 * connector of a disabled type. Pointers are rooted at the setting (`/preconfigured/<id>/config/url`).
 */
export function preconfiguredIssues(preconfigured: unknown, actions: ActionsSettings, registry: ConnectorTypes): ErrorDetail[] {
  const settings: ActionsSettings = { ...actions, enabledActionTypes: ['*'] };
  const issues: ErrorDetail[] = [];
  if (!isJsonObject(preconfigured)) return issues;
  for (const [id, entry] of Object.entries(preconfigured)) {
    // Entries the schema already refused (bad id, wrong shape) are not checked twice.
    if (REFUSED_IDS.has(id) || !isWellFormed(entry)) continue;
    const connector = entry as unknown as PreconfiguredConnectorConfig;
    const root = `/preconfigured/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const type = registry.get(connector.actionTypeId);
    if (!type) {
      issues.push({ path: `${root}/actionTypeId`, message: `connector type "${connector.actionTypeId}" is not registered (see kcr types)` });
      continue;
    }
    if (type.isSystemActionType) {
      issues.push({ path: `${root}/actionTypeId`, message: `"${connector.actionTypeId}" is a system action type and cannot be preconfigured` });
      continue;
    }
    const result = registry.validate(connector.actionTypeId, connector.config ?? {}, connector.secrets ?? {}, settings);
    if (result.ok) continue;
    for (const issue of result.issues) {
      const pointer = issue.pointer === '/connector_type_id' ? '/actionTypeId' : issue.pointer;
      issues.push({ path: `${root}${pointer}`, message: issue.message });
    }
  }
  return issues;
}

/** Ids Kibana refuses for preconfigured connectors (they would break the in-memory map). */
const REFUSED_IDS = new Set(['', '__proto__', 'constructor']);

function isWellFormed(entry: unknown): boolean {
  return (
    isJsonObject(entry) &&
    typeof entry.actionTypeId === 'string' &&
    typeof entry.name === 'string' &&
    (entry.config === undefined || isJsonObject(entry.config)) &&
    (entry.secrets === undefined || isJsonObject(entry.secrets))
  );
}
