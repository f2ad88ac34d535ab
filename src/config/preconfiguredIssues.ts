import type { ConnectorTypes } from '../connector-types/types.js';
import type { ErrorDetail } from '../errors.js';
import { isJsonObject } from '../model/json.js';
import type { ActionsSettings, PreconfiguredConnectorConfig } from './types.js';

/**
 * The id Kibana keeps for its own "Alert history Elasticsearch index" connector: a preconfigured
 * connector under it is skipped with a warning (Kibana's plugin start does the same), never served.
 */
export const RESERVED_PRECONFIGURED_ID = 'preconfigured-alert-history-es-index';

/**
 * What kcr finds wrong with preconfigured connectors that Kibana would still start with.
 *
 * Kibana refuses to start only on the shape of `xpack.actions.preconfigured` (an id of '',
 * `__proto__` or `constructor`; a blank name or actionTypeId; config or secrets that are not
 * objects): schemas/config.schema.json refuses those, naming the connector. It never checks a
 * preconfigured connector against its type's schemas at start-up: a bad config only fails when the
 * connector runs. So kcr serves such a connector too and reports each finding as a warning that
 * names it (`preconfigured connector "x": /config/url: ...`), instead of refusing to start.
 * `enabledActionTypes` is not applied: Kibana keeps a preconfigured connector of a disabled type.
 */
export function preconfiguredWarnings(preconfigured: Readonly<Record<string, PreconfiguredConnectorConfig>>, actions: ActionsSettings, registry: ConnectorTypes): ErrorDetail[] {
  const settings: ActionsSettings = { ...actions, enabledActionTypes: ['*'] };
  const warnings: ErrorDetail[] = [];
  for (const [id, connector] of Object.entries(preconfigured)) {
    const root = `/preconfigured/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const named = (path: string, message: string): ErrorDetail => ({ path: `${root}${path}`, message: `preconfigured connector "${id}": ${message}` });
    if (id === RESERVED_PRECONFIGURED_ID) {
      warnings.push(named('', `cannot have the id "${RESERVED_PRECONFIGURED_ID}" because this is a reserved id; it is ignored`));
      continue;
    }
    const type = registry.get(connector.actionTypeId);
    if (!type) {
      warnings.push(named('/actionTypeId', `connector type "${connector.actionTypeId}" is not registered (see kcr types); it is listed but cannot run`));
      continue;
    }
    if (type.isSystemActionType) {
      warnings.push(named('/actionTypeId', `"${connector.actionTypeId}" is a system action type; it is listed but cannot run as a preconfigured connector`));
      continue;
    }
    const result = registry.validate(connector.actionTypeId, connector.config ?? {}, connector.secrets ?? {}, settings);
    if (result.ok) continue;
    for (const issue of result.issues) {
      const pointer = issue.pointer === '/connector_type_id' ? '/actionTypeId' : issue.pointer;
      warnings.push(named(pointer, `${issue.message} (Kibana starts with it too; running it will fail)`));
    }
  }
  return warnings;
}

/** The preconfigured connectors kcr serves: every configured one but the reserved id. */
export function servedPreconfigured<T>(preconfigured: Record<string, T>): Record<string, T> {
  if (!Object.hasOwn(preconfigured, RESERVED_PRECONFIGURED_ID)) return preconfigured;
  const { [RESERVED_PRECONFIGURED_ID]: _reserved, ...served } = preconfigured;
  return served;
}
