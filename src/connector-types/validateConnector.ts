import type { ActionsSettings } from '../config/types.js';
import type { JsonObject } from '../model/json.js';
import { compiledSchema, rawSchemaById } from '../schemas/schemaCatalog.js';
import { checkAllowedHostsFields } from './allowedHosts.js';
import { unionFailureText } from './configSchemaUnion.js';
import { copyJson } from './copyJson.js';
import { findEmptyStrings } from './emptyStrings.js';
import { coerceNumericStrings } from './numericStrings.js';
import { KIBANA_PHASE_PREFIXES } from './kibanaValidation.js';
import { applySchemaDefaults, type PropertySchema } from './schemaDefaults.js';
import { translateSchemaErrors } from './schemaIssues.js';
import type { ConnectorPart, ConnectorTypeSpec, RuleIssue } from './spec.js';
import type { ConnectorValidationIssue, ConnectorValidationResult } from './types.js';

/** Kibana's prefixes of a 400 per validation stage (the table and the Kibana versions: kibanaValidation.ts). */
export const KIBANA_PREFIXES = { request: '', ...KIBANA_PHASE_PREFIXES } as const;

type Stage = keyof typeof KIBANA_PREFIXES;

/** The raw JSON Schema behind a `$id` (for defaults and for naming expected types in messages); not compiled. */
export function rawSchema(schemaId: string): PropertySchema {
  return rawSchemaById(schemaId) as PropertySchema;
}

/**
 * Validates one connector in Kibana's order: empty strings (route level), config schema, config
 * rules, secrets schema, secrets rules, connector rules, enabled check. Unlike Kibana it goes on
 * after a failing stage where the next stage does not depend on it, so a user sees every problem
 * at once; the first issue is still the one Kibana would answer with. Inputs are never mutated.
 */
export function validateConnector(spec: ConnectorTypeSpec, declaredConfig: JsonObject, declaredSecrets: JsonObject, settings: ActionsSettings): ConnectorValidationResult {
  const issues: ConnectorValidationIssue[] = [];
  const add = (stage: Stage, found: RuleIssue[]): number => {
    issues.push(...found.map((issue) => toValidationIssue(stage, issue)));
    return found.length;
  };
  add('request', [...findEmptyStrings('config', declaredConfig), ...findEmptyStrings('secrets', declaredSecrets)]);

  const configSchema = rawSchema(spec.configSchemaId);
  const secretsSchema = rawSchema(spec.secretsSchemaId);
  // What Kibana's schemas convert before they check (numeric strings), then its defaults.
  const config = coerceNumericStrings(configSchema, declaredConfig);
  const secrets = coerceNumericStrings(secretsSchema, declaredSecrets);
  const storedConfig = applySchemaDefaults(configSchema, config);
  if (add('config', unionWorded(spec, 'config', schemaIssues(spec.configSchemaId, 'config', configSchema, config), config)) === 0) {
    add('config', partRules(spec, 'config', storedConfig, secrets, settings));
  }
  if (add('secrets', unionWorded(spec, 'secrets', schemaIssues(spec.secretsSchemaId, 'secrets', secretsSchema, secrets), secrets)) === 0) {
    add('secrets', partRules(spec, 'secrets', storedConfig, secrets, settings));
  }
  // Kibana's connector validators read the config and secrets as sent, before any default.
  if (issues.length === 0 && spec.rules?.connector) add('connector', spec.rules.connector({ config, secrets, settings }));
  if (!isTypeEnabled(spec.id, settings.enabledActionTypes)) issues.push(disabledIssue(spec.id));

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, config: storedConfig, secrets: copyJson(secrets), declaredConfig: copyJson(config) };
}

/** Kibana's `enabled_in_config`: the list holds `*` or the type id. */
export function isTypeEnabled(typeId: string, enabledActionTypes: readonly string[]): boolean {
  return enabledActionTypes.includes('*') || enabledActionTypes.includes(typeId);
}

function schemaIssues(schemaId: string, part: ConnectorPart, schema: PropertySchema, value: JsonObject): RuleIssue[] {
  const validate = compiledSchema(schemaId);
  if (validate(value)) return [];
  return translateSchemaErrors(validate.errors ?? [], part, schema, value);
}

/** For a type whose Kibana schema is a union of objects, the first issue carries config-schema's union text. */
function unionWorded(spec: ConnectorTypeSpec, part: ConnectorPart, issues: RuleIssue[], value: JsonObject): RuleIssue[] {
  const alternatives = spec.schemaUnions?.[part];
  if (!alternatives || issues.length === 0) return issues;
  const text = unionFailureText(alternatives, value);
  return text === undefined ? issues : [{ ...issues[0], kibanaDetail: text }, ...issues.slice(1)];
}

function partRules(spec: ConnectorTypeSpec, part: ConnectorPart, config: JsonObject, secrets: JsonObject, settings: ActionsSettings): RuleIssue[] {
  const values = part === 'config' ? config : secrets;
  const hostIssues = checkAllowedHostsFields(spec.allowedHostsFields ?? [], part, values, settings.allowedHosts);
  const rule = spec.rules?.[part];
  // Kibana's validators check their URLs against allowedHosts before anything else.
  return [...hostIssues, ...(rule ? rule({ config, secrets, settings }) : [])];
}

function toValidationIssue(stage: Stage, issue: RuleIssue): ConnectorValidationIssue {
  return { pointer: issue.pointer, message: issue.message, kibanaMessage: `${KIBANA_PREFIXES[stage]}${issue.kibanaDetail}`, status: 400 };
}

function disabledIssue(typeId: string): ConnectorValidationIssue {
  return {
    pointer: '/connector_type_id',
    message: `connector type "${typeId}" is not enabled: expected it (or "*") in actions.enabledActionTypes`,
    kibanaMessage: `action type "${typeId}" is not enabled in the Kibana config xpack.actions.enabledActionTypes`,
    status: 403,
  };
}
