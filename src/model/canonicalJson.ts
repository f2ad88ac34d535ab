import { createHash } from 'node:crypto';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/**
 * JSON text with object keys sorted at every depth: two values that differ only in key order
 * give the same text, so it can be hashed and compared.
 */
export function canonicalStringify(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

/** A copy of `value` with object keys in sorted order at every depth (arrays keep their order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isJsonObject(value)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key]);
    return sorted;
  }
  return value;
}

/**
 * Drops keys whose value is null, at every object depth but not inside arrays: what the
 * Terraform provider does before sending config, and what Kibana treats as "not set".
 */
export function stripNulls(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    out[key] = isJsonObject(child) ? stripNulls(child) : child;
  }
  return out;
}

/** `sha256:<hex>` of the canonical JSON text of a value. */
export function sha256Digest(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalStringify(value)).digest('hex')}`;
}

/** A deep copy of a JSON value. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
