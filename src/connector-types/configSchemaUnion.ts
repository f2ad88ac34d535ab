import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import type { PropertySchema } from './schemaDefaults.js';

/**
 * config-schema's text for a value that fits none of the objects of a `schema.oneOf([...])`
 * (the `.gen-ai` config and secrets): every alternative reports its first failing key, in the
 * alternative's key order, unknown keys last:
 *
 *     types that failed validation:
 *     - [0.apiProvider]: types that failed validation:
 *      - [apiProvider.0]: expected value to equal [Azure OpenAI]
 *     - [1.apiUrl]: expected value of type [string] but got [undefined]
 *
 * (an alternative's own union, such as `apiProvider: schema.oneOf([schema.literal(x)])`, keeps its
 * inner paths and is indented by one space, as Kibana's ValidationError prints it). Returns
 * undefined when some alternative accepts the value.
 */
export function unionFailureText(alternatives: readonly PropertySchema[], value: JsonObject): string | undefined {
  const lines: string[] = [];
  for (const [index, alternative] of alternatives.entries()) {
    const failure = firstFailure(alternative, value);
    if (!failure) return undefined;
    lines.push(`- [${[String(index), ...failure.path].join('.')}]: ${failure.text}`);
    for (const child of failure.children ?? []) lines.push(` - [${child.path.join('.')}]: ${child.text}`);
  }
  return `types that failed validation:\n${lines.join('\n')}`;
}

interface Failure {
  path: string[];
  text: string;
  children?: Array<{ path: string[]; text: string }>;
}

function firstFailure(schema: PropertySchema, value: JsonObject): Failure | undefined {
  const properties = schema.properties ?? {};
  for (const [key, property] of Object.entries(properties)) {
    const failure = propertyFailure(key, property, value[key], schema.required?.includes(key) ?? false);
    if (failure) return failure;
  }
  const unknown = Object.keys(value).find((key) => !Object.hasOwn(properties, key));
  return unknown === undefined ? undefined : { path: [unknown], text: 'definition for this key is missing' };
}

function propertyFailure(key: string, property: PropertySchema, value: JsonValue | undefined, required: boolean): Failure | undefined {
  const literals = property.const !== undefined ? [property.const] : property.enum?.filter((option) => option !== null);
  if (literals) {
    // schema.oneOf([schema.literal(...)]): a union of literals.
    if (value === undefined) return required ? { path: [key], text: 'expected at least one defined value but got [undefined]' } : undefined;
    if (literals.includes(value)) return undefined;
    return {
      path: [key],
      text: 'types that failed validation:',
      children: literals.map((literal, index) => ({ path: [key, String(index)], text: `expected value to equal [${String(literal)}]` })),
    };
  }
  const type = typeof property.type === 'string' ? property.type : undefined;
  if (value === undefined) return required && type ? { path: [key], text: `expected value of type [${type}] but got [undefined]` } : undefined;
  if (type && !hasType(value, type)) return { path: [key], text: `expected value of type [${type}] but got [${detectType(value)}]` };
  if (type === 'object' && isJsonObject(value) && property.additionalProperties && typeof property.additionalProperties === 'object') {
    const itemType = String(property.additionalProperties.type);
    const bad = Object.entries(value).find(([, item]) => !hasType(item, itemType));
    if (bad) return { path: [key, bad[0]], text: `expected value of type [${itemType}] but got [${detectType(bad[1])}]` };
  }
  if (typeof property.minLength === 'number' && typeof value === 'string' && value.length < property.minLength) {
    return { path: [key], text: `value has length [${value.length}] but it must have a minimum length of [${property.minLength}].` };
  }
  return undefined;
}

function hasType(value: JsonValue, type: string): boolean {
  if (type === 'object') return isJsonObject(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === type;
}

/** Kibana's type-detect names: `null`, `Array`, `Object`, or the typeof. */
function detectType(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'object') return 'Object';
  return typeof value;
}
