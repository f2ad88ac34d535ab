import type { ActionsSettings } from '../config/types.js';
import type { JsonObject } from '../model/json.js';
import type { Plan, PlanMessage } from '../model/plan.js';
import type { Target, TargetConnectorType } from '../targets/Target.js';
import type { ConnectorTypeDefinition, ConnectorTypes, ConnectorValidationIssue, ConnectorValidationResult } from './types.js';

/** The plan warning code for a connector whose type only the target knows. */
export const UNVALIDATED_TYPE_WARNING = 'CONNECTOR_TYPE_NOT_KNOWN_TO_KCR';

/**
 * The connector types of one real Kibana, over kcr's built-in registry: a create or update is
 * judged the way that Kibana would judge it, not the way the Kibana kcr was written against would.
 *
 * - A type the target does not list is Kibana's 400 `Action type "<id>" is not registered.`,
 *   even when kcr knows it (an older Kibana, or one with the plugin off).
 * - A type the target lists but disables (config or license) is Kibana's 403, after the
 *   config and secrets checks, in Kibana's order.
 * - A type the target lists that kcr does not know (a newer Kibana) is accepted with its config
 *   and secrets as declared: Kibana validates them on write, and plans carry a warning.
 */
export class TargetConnectorTypes implements ConnectorTypes {
  readonly #base: ConnectorTypes;
  readonly #listed: ReadonlyMap<string, TargetConnectorType>;

  constructor(base: ConnectorTypes, targetTypes: readonly TargetConnectorType[]) {
    this.#base = base;
    this.#listed = new Map(targetTypes.map((type) => [type.id, type]));
  }

  /**
   * kcr's definition, else one made of the target's listing (its schema ids are empty: kcr has
   * no schema for it). A type neither knows stays undefined.
   */
  get(typeId: string): ConnectorTypeDefinition | undefined {
    const known = this.#base.get(typeId);
    if (known) return known;
    const listed = this.#listed.get(typeId);
    return listed ? definitionFromTarget(listed) : undefined;
  }

  /** kcr's own types (the ones it has schemas for: the OpenAPI document and `kcr types` list these). */
  list(): ConnectorTypeDefinition[] {
    return this.#base.list();
  }

  validate(typeId: string, config: JsonObject, secrets: JsonObject, settings: ActionsSettings): ConnectorValidationResult {
    const listed = this.#listed.get(typeId);
    if (!listed) return refused(notRegisteredIssue(typeId));
    const checked: ConnectorValidationResult = this.#base.get(typeId)
      ? this.#base.validate(typeId, config, secrets, settings)
      : { ok: true, config: structuredClone(config), secrets: structuredClone(secrets), declaredConfig: structuredClone(config) };
    if (!checked.ok) return checked;
    // Kibana checks the enabled flags last (ensureActionTypeEnabled), after the schemas.
    const disabled = disabledIssue(listed);
    return disabled ? refused(disabled) : checked;
  }

  withDefaults(typeId: string, config: JsonObject): JsonObject {
    return this.#base.withDefaults(typeId, config);
  }

  isDeprecated(typeId: string, config: JsonObject): boolean {
    return this.#base.isDeprecated(typeId, config);
  }

  /** True for a type the target lists and kcr has no schema for (passed through unvalidated). */
  isTargetOnly(typeId: string): boolean {
    return this.#listed.has(typeId) && this.#base.get(typeId) === undefined;
  }

  /** One warning per change that writes a connector of a target-only type (create, update, replace). */
  planWarnings(plan: Pick<Plan, 'resource_changes'>): PlanMessage[] {
    return plan.resource_changes
      .filter((change) => this.isTargetOnly(change.connector_type_id))
      .filter((change) => change.change.actions.some((action) => action === 'create' || action === 'update'))
      .map((change) => ({
        code: UNVALIDATED_TYPE_WARNING,
        address: change.address,
        message: `connector ${change.address} (${change.name}) has type "${change.connector_type_id}", which the target Kibana lists but kcr does not know: its config and secrets are sent unvalidated (Kibana validates them on write), and defaults Kibana fills in may show as changes`,
      }));
  }
}

/**
 * The registry for a kibana target: its own type list, fetched once, over `base`. When the call
 * fails the built-in registry is used as it is and `warn` says why (planning still works, with
 * kcr's knowledge of types instead of that Kibana's).
 */
export async function connectorTypesFromTarget(base: ConnectorTypes, target: Pick<Target, 'listConnectorTypes'>, warn: (message: string) => void): Promise<ConnectorTypes> {
  try {
    return new TargetConnectorTypes(base, await target.listConnectorTypes());
  } catch (error) {
    warn(`could not read the connector types of the target Kibana (${(error as Error).message}); using kcr's built-in connector types instead`);
    return base;
  }
}

function refused(issue: ConnectorValidationIssue): ConnectorValidationResult {
  return { ok: false, issues: [issue] };
}

function notRegisteredIssue(typeId: string): ConnectorValidationIssue {
  const kibanaMessage = `Action type "${typeId}" is not registered.`;
  return { pointer: '/connector_type_id', message: `${kibanaMessage} (the target Kibana does not list it in GET /api/actions/connector_types)`, kibanaMessage, status: 400 };
}

/** Kibana's ensureActionTypeEnabled: the config check first, then the license. */
function disabledIssue(type: TargetConnectorType): ConnectorValidationIssue | undefined {
  if (type.enabled && type.enabledInConfig && type.enabledInLicense) return undefined;
  if (!type.enabledInConfig) {
    const kibanaMessage = `action type "${type.id}" is not enabled in the Kibana config xpack.actions.enabledActionTypes`;
    return { pointer: '/connector_type_id', message: `${kibanaMessage} (of the target Kibana)`, kibanaMessage, status: 403 };
  }
  // Kibana names its current license here; the type list does not say which it is, only the minimum.
  const kibanaMessage = `Action type ${type.id} is disabled because your license does not support it. Please upgrade your license.`;
  return {
    pointer: '/connector_type_id',
    message: `Action type ${type.id} is disabled because the target Kibana's license does not support it (it needs ${type.minimumLicenseRequired}). Please upgrade your license.`,
    kibanaMessage,
    status: 403,
  };
}

function definitionFromTarget(type: TargetConnectorType): ConnectorTypeDefinition {
  return {
    id: type.id,
    name: type.name,
    // The list carries no category; the types Kibana adds most are alerting integrations.
    category: 'Alerting and case management',
    minimumLicense: type.minimumLicenseRequired as ConnectorTypeDefinition['minimumLicense'],
    supportedFeatureIds: [...type.supportedFeatureIds],
    isSystemActionType: type.isSystemActionType,
    configSchemaId: '',
    secretsSchemaId: '',
  };
}
