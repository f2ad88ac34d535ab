import type { ErrorObject } from 'ajv';
import type { JsonObject, JsonValue } from '../model/json.js';
import type { PropertySchema } from './schemaDefaults.js';
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
  return issues;
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
      const expected = typeName(parent.properties?.[key] ?? {});
      return issue(part, [...segments, key], `expected value of type [${expected}] but got [undefined]`);
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {}).join(', ') || 'none';
      return issue(part, [...segments, key], 'definition for this key is missing', `definition for this key is missing (accepted keys: ${allowed})`);
    }
    case 'type':
      return issue(part, segments, `expected value of type [${firstType(params.type)}] but got [${detectType(value)}]`);
    case 'enum':
      return enumIssue(part, segments, params.allowedValues as JsonValue[], value);
    case 'const':
      return issue(part, segments, `expected value to equal [${String(params.allowedValue)}]`);
    case 'minimum':
      return issue(part, segments, `Value must be equal to or greater than [${String(params.limit)}].`);
    case 'maximum':
      return issue(part, segments, `Value must be equal to or lower than [${String(params.limit)}].`);
    case 'minLength':
      return issue(part, segments, `value has length [${String(value).length}] but it must have a minimum length of [${String(params.limit)}].`);
    case 'maxItems':
      return issue(part, segments, `array size is [${Array.isArray(value) ? value.length : 0}], but cannot be greater than [${String(params.limit)}]`);
    default:
      return issue(part, segments, error.message ?? 'is invalid');
  }
}

function enumIssue(part: ConnectorPart, segments: string[], allowed: JsonValue[], value: JsonValue | undefined): RuleIssue {
  const key = segments.join('.');
  const lines = allowed.map((option, index) => `- [${key}.${index}]: expected value to equal [${String(option)}]`);
  const shown = part === 'secrets' ? 'a value not in the list' : `[${String(value)}]`;
  return issue(part, segments, `types that failed validation:\n${lines.join('\n')}`, `expected one of [${allowed.map(String).join(', ')}] but got ${shown}`);
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
