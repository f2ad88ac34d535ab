import type { ErrorObject } from 'ajv';
import type { ManifestIssue } from './types.js';

/** The parts of a JSON Schema the messages are built from. */
interface SchemaNode {
  $ref?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  if?: { properties?: { kind?: { const?: unknown } } };
  then?: SchemaNode;
  else?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
}

/**
 * Turns ajv's errors on a manifest into located issues that say what was found and what was
 * expected. The expectation is the `description` of the schema node at the offending place
 * (found by walking the schema along the instance path, because ajv's schemaPath is relative to
 * whichever `$ref` it was in). Values under `/spec/secrets` are described by type only.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], rootSchema: object, document: unknown): ManifestIssue[] {
  const root = rootSchema as SchemaNode;
  const issues: ManifestIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const issue = describeOne(error, root, document);
    if (!issue) continue;
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return issues;
}

function describeOne(error: ErrorObject, root: SchemaNode, document: unknown): ManifestIssue | undefined {
  const segments = pointerSegments(error.instancePath);
  const node = schemaAt(root, document, segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing then/else branch reports the real problem
    case 'required': {
      const key = String(params.missingProperty);
      const expected = resolve(root, node?.properties?.[key])?.description ?? 'a value';
      return { pointer: toPointer([...segments, key]), message: `is missing; expected ${expected}` };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(node?.properties ?? {}).join(', ');
      return { pointer: toPointer([...segments, key]), message: `unknown key "${key}"; expected only: ${allowed}` };
    }
    default: {
      const expected = node?.description ?? String(error.message);
      const found = describeFound(valueAt(document, segments), segments);
      return { pointer: error.instancePath, message: `must be ${expected} (found ${found})` };
    }
  }
}

/** The schema node that governs the value at `segments`, following `$ref`s and the kind dispatch. */
function schemaAt(root: SchemaNode, document: unknown, segments: string[]): SchemaNode | undefined {
  let node = resolve(root, root);
  let value = document;
  for (const segment of segments) {
    node = resolve(root, branch(node, value));
    if (!node) return undefined;
    const next = node.properties?.[segment] ?? node.items ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    node = resolve(root, next);
    value = (value as Record<string, unknown> | undefined)?.[segment];
  }
  return resolve(root, node && branch(node, value));
}

/** Picks the then/else branch of the top-level kind dispatch for this value. */
function branch(node: SchemaNode | undefined, value: unknown): SchemaNode | undefined {
  if (!node?.if) return node;
  const kind = (value as { kind?: unknown } | undefined)?.kind;
  return kind === node.if.properties?.kind?.const ? node.then : node.else;
}

function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 10; hops += 1) {
    const name = current.$ref.replace(/^#\/\$defs\//, '');
    current = root.$defs?.[name];
  }
  return current;
}

/** What was found, without ever quoting a secret: values under /spec/secrets are named by type only. */
function describeFound(value: unknown, segments: string[]): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (segments.includes('secrets')) return `a ${typeof value}`;
  if (typeof value === 'string') return value.length > 60 ? `a ${value.length}-character string` : JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

function valueAt(document: unknown, segments: string[]): unknown {
  let value = document;
  for (const segment of segments) value = (value as Record<string, unknown> | undefined)?.[segment];
  return value;
}

/** Splits an RFC 6901 pointer into unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins unescaped segments into an RFC 6901 pointer. */
export function toPointer(segments: string[]): string {
  return segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
