import { describe, expect, it } from 'vitest';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import type { JsonObject } from '../../src/model/json.js';

describe('registry.withDefaults copies config as data', () => {
  const registry = createConnectorTypeRegistry();

  it('fills defaults on a deep copy: the caller’s config is never changed or shared', () => {
    const config = JSON.parse('{"index":"alerts","extra":{"nested":[1,{"a":null}]}}') as JsonObject;
    const before = JSON.stringify(config);
    const result = registry.withDefaults('.index', config);
    expect(result).toMatchObject({ index: 'alerts', refresh: false });
    (result.extra as { nested: unknown[] }).nested.push(2);
    expect(JSON.stringify(config)).toBe(before);
  });

  it('keeps an own "__proto__" key as a plain key, never as the prototype', () => {
    const config = JSON.parse('{"index":"alerts","__proto__":{"polluted":true}}') as JsonObject;
    for (const typeId of ['.index', '.not-registered']) {
      const result = registry.withDefaults(typeId, config);
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      expect(Object.hasOwn(result, '__proto__')).toBe(true);
      expect((result as { polluted?: unknown }).polluted).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual({ polluted: true });
    }
  });
});
