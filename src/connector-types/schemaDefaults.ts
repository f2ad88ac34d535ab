import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import { copyJson } from './copyJson.js';

/** The subset of JSON Schema the connector-type schemas use, as far as defaults and messages need it. */
export interface PropertySchema {
  type?: string | string[];
  enum?: JsonValue[];
  const?: JsonValue;
  default?: JsonValue;
  properties?: Record<string, PropertySchema>;
  required?: string[];
  allOf?: Array<{ if?: PropertySchema; then?: PropertySchema }>;
  items?: PropertySchema;
  additionalProperties?: boolean | PropertySchema;
  minLength?: number;
  /** kcr's own keyword: fill `default` only when these sibling values hold (after the plain defaults). */
  'x-kcr-defaultWhen'?: Record<string, JsonValue>;
}

/**
 * The properties that apply to this value: the schema's own plus those of every `allOf` branch
 * whose `if` matches by `const` (how the `.gen-ai` union keyed by `apiProvider` is written).
 */
export function effectiveProperties(schema: PropertySchema, value: JsonObject): Record<string, PropertySchema> {
  const properties: Record<string, PropertySchema> = { ...schema.properties };
  for (const branch of schema.allOf ?? []) {
    if (branch.if && branch.then && matchesConst(branch.if, value)) Object.assign(properties, branch.then.properties);
  }
  return properties;
}

function matchesConst(condition: PropertySchema, value: JsonObject): boolean {
  return Object.entries(condition.properties ?? {}).every(([key, rule]) => rule.const === undefined || value[key] === rule.const);
}

/**
 * Fills the defaults Kibana's schema would fill: every absent key with a `default` gets it,
 * at every depth of nested objects. Declared keys are never dropped or renamed, so applying
 * it twice gives the same result. Conditional defaults run after the plain ones, since their
 * condition may rest on a default (webhook `authType` rests on `hasAuth`, itself defaulted).
 */
export function applySchemaDefaults(schema: PropertySchema, value: JsonObject): JsonObject {
  const result: JsonObject = { ...value };
  const properties = effectiveProperties(schema, result);
  for (const [key, property] of Object.entries(properties)) {
    if (!(key in result) && property.default !== undefined && !property['x-kcr-defaultWhen']) result[key] = copyJson(property.default);
  }
  for (const [key, property] of Object.entries(properties)) {
    const when = property['x-kcr-defaultWhen'];
    if (!when || key in result || property.default === undefined) continue;
    if (Object.entries(when).every(([sibling, expected]) => result[sibling] === expected)) result[key] = copyJson(property.default);
  }
  for (const [key, property] of Object.entries(properties)) {
    const nested = result[key];
    if (property.properties && isJsonObject(nested)) result[key] = applySchemaDefaults(property, nested);
  }
  return result;
}
