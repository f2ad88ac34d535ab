import type { JsonValue } from '../model/json.js';

/**
 * A deep copy of a JSON value. structuredClone does the same through V8's serializer, which
 * costs several microseconds even for a three-key config; a plan of 10,000 connectors copies
 * tens of thousands of them.
 */
export function copyJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => copyJson(item)) as T;
  const copy: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    const child = copyJson((value as Record<string, JsonValue>)[key]);
    // An own "__proto__" key (JSON.parse makes one) must stay data: assigning it would set the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: child, enumerable: true, writable: true, configurable: true });
    else copy[key] = child;
  }
  return copy as T;
}
