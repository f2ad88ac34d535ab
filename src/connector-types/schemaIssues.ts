import type { ErrorObject } from 'ajv';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import { effectiveProperties, type PropertySchema } from './schemaDefaults.js';
import type { ConnectorPart, RuleIssue } from './spec.js';

/**
 * Translates ajv's errors for config or secrets into Kibana's config-schema texts
 * (`[index]: expected value of type [string] but got [undefined]`, `[x]: definition for this key
 * is missing`, ...), each with the JSON pointer from the connector root. Values are never quoted
 * for secrets, so a secret cannot reach a message.
 */
export function translateSchemaErrors(errors: readonly ErrorObject[], part: ConnectorPart, schema: PropertySchema, data: JsonObject): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const issue = translateOne(error, part, schema, data);
    if (!issue) continue;
    const key = `${issue.pointer}\u0000${issue.kibanaDetail}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return inSchemaOrder(issues, part, schema, data);
}

/**
 * config-schema checks an object's declared keys in the schema's order and its unknown keys after
 * them, and answers with the first failure: sorting the issues the same way makes the first one
 * Kibana's. (Array.prototype.sort is stable, so issues under one key keep ajv's order.)
 */
function inSchemaOrder(issues: RuleIssue[], part: ConnectorPart, schema: PropertySchema, data: JsonObject): RuleIssue[] {
  const order = Object.keys(effectiveProperties(schema, data));
  const rank = (issue: RuleIssue): number => {
    const key = pointerSegments(issue.pointer.slice(part.length + 1))[0];
    const index = key === undefined ? -1 : order.indexOf(key);
    return index === -1 && key !== undefined ? order.length : index;
  };
  return issues.map((issue, position) => ({ issue, position, rank: rank(issue) })).sort((a, b) => a.rank - b.rank || a.position - b.position).map(({ issue }) => issue);
}

function translateOne(error: ErrorObject, part: ConnectorPart, schema: PropertySchema, data: JsonObject): RuleIssue | undefined {
  const segments = pointerSegments(error.instancePath);
  const parent = schemaAt(schema, error.schemaPath) ?? {};
  const value = valueAt(data, segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing `then` branch reports the real problem
    case 'required': {
      const key = String(params.missingProperty);
      const property = effectiveProperties(parent, isJsonObject(value) ? value : {})[key] ?? {};
      // A oneOf of literals (config-schema's enum) is a union, which words a missing value its own way.
      if (property.enum) return issue(part, [...segments, key], 'expected at least one defined value but got [undefined]', `expected one of [${property.enum.map(String).join(', ')}] but got nothing`);
      return issue(part, [...segments, key], `expected value of type [${typeName(property)}] but got [undefined]`);
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {}).join(', ') || 'none';
      return issue(part, [...segments, key], 'definition for this key is missing', `definition for this key is missing (accepted keys: ${allowed})`);
    }
    case 'type': {
      if (parent.enum) return enumIssue(part, segments, parent.enum, value);
      return valueIssue(part, segments, parent, `expected value of type [${firstType(params.type)}] but got [${detectType(value)}]`);
    }
    case 'enum':
      return enumIssue(part, segments, params.allowedValues as JsonValue[], value);
    case 'const':
      return issue(part, segments, `expected value to equal [${String(params.allowedValue)}]`);
    case 'minimum':
      return valueIssue(part, segments, parent, `Value must be equal to or greater than [${String(params.limit)}].`);
    case 'maximum':
      return valueIssue(part, segments, parent, `Value must be equal to or lower than [${String(params.limit)}].`);
    case 'minLength':
      return valueIssue(part, segments, parent, `value has length [${String(value).length}] but it must have a minimum length of [${String(params.limit)}].`);
    case 'maxItems':
      return valueIssue(part, segments, parent, `array size is [${Array.isArray(value) ? value.length : 0}], but cannot be greater than [${String(params.limit)}]`);
    default:
      return issue(part, segments, error.message ?? 'is invalid');
  }
}

function enumIssue(part: ConnectorPart, segments: string[], allowed: JsonValue[], value: JsonValue | undefined): RuleIssue {
  const shown = part === 'secrets' ? 'a value not in the list' : `[${String(value)}]`;
  // A null among the options is one more literal of the same oneOf (webhook authType), listed last as Kibana does.
  const texts = allowed.map((option) => `expected value to equal [${String(option)}]`);
  return unionIssue(part, segments, texts, `expected one of [${allowed.map(String).join(', ')}] but got ${shown}`);
}

/**
 * One failing value. `schema.nullable(x)` is `oneOf([x, literal(null)])` in config-schema, so a
 * nullable field's value that fails `x` is reported as a union that failed both alternatives.
 */
function valueIssue(part: ConnectorPart, segments: string[], property: PropertySchema, text: string): RuleIssue {
  if (Array.isArray(property.type) && property.type.includes('null')) return unionIssue(part, segments, [text, 'expected value to equal [null]'], text);
  return issue(part, segments, text);
}

/** config-schema's union text: `types that failed validation:` and one `- [key.i]: ...` line per alternative. */
function unionIssue(part: ConnectorPart, segments: string[], alternatives: string[], message: string): RuleIssue {
  const key = segments.join('.');
  const lines = alternatives.map((text, index) => `- [${key}.${index}]: ${text}`);
  return issue(part, segments, `types that failed validation:\n${lines.join('\n')}`, message);
}

function issue(part: ConnectorPart, segments: string[], text: string, message = text): RuleIssue {
  const pointer = `/${part}${segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
  const kibanaDetail = segments.length > 0 ? `[${segments.join('.')}]: ${text}` : text;
  return { pointer, message, kibanaDetail };
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The schema object holding the failing keyword (ajv's `schemaPath` minus the keyword itself). */
function schemaAt(schema: PropertySchema, schemaPath: string): PropertySchema | undefined {
  const segments = pointerSegments(schemaPath.replace(/^#/, '')).slice(0, -1);
  let node: unknown = schema;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return typeof node === 'object' && node !== null ? (node as PropertySchema) : undefined;
}

function valueAt(data: JsonValue, segments: string[]): JsonValue | undefined {
  let node: JsonValue | undefined = data;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Array.isArray(node) ? node[Number(segment)] : node[segment];
  }
  return node;
}

function typeName(property: PropertySchema): string {
  if (property.type) return firstType(property.type);
  if (property.enum) return typeof property.enum.find((option) => option !== null);
  return 'any';
}

function firstType(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return String(types.find((candidate) => candidate !== 'null') ?? types[0]);
}

/** Kibana's type-detect names: `undefined`, `null`, `Array`, `Object`, or the typeof. */
function detectType(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'object') return 'Object';
  return typeof value;
}
