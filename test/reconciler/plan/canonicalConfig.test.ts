import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/model/json.js';
import { canonicalConfig, configsEqual, parseJsonPointer } from '../../../src/reconciler/plan/index.js';
import { isKcrError } from '../../../src/errors.js';

const noDefaults = (config: JsonObject): JsonObject => config;
const webhookDefaults = (config: JsonObject): JsonObject => ({ method: 'post', hasAuth: true, ...config });

describe('canonicalConfig', () => {
  it('drops nulls in nested objects but keeps them inside arrays', () => {
    const config = { a: null, b: { c: null, d: 1 }, list: [null, { e: null }] };
    expect(canonicalConfig(config, { withDefaults: noDefaults, ignorePointers: [] })).toEqual({ b: { d: 1 }, list: [null, { e: null }] });
  });

  it('fills the Kibana defaults, also for a key declared as null', () => {
    expect(canonicalConfig({ url: 'u', method: null }, { withDefaults: webhookDefaults, ignorePointers: [] })).toEqual({ method: 'post', hasAuth: true, url: 'u' });
  });

  it.each([
    ['/top', { keep: 1, 'a/b': 1, nested: { 'x~y': 1, deep: 2 }, list: [1, 2, 3] }],
    ['/a~1b', { keep: 1, top: 1, nested: { 'x~y': 1, deep: 2 }, list: [1, 2, 3] }],
    ['/nested/x~0y', { keep: 1, top: 1, 'a/b': 1, nested: { deep: 2 }, list: [1, 2, 3] }],
    ['/list/1', { keep: 1, top: 1, 'a/b': 1, nested: { 'x~y': 1, deep: 2 }, list: [1, 3] }],
    ['/absent/path', { keep: 1, top: 1, 'a/b': 1, nested: { 'x~y': 1, deep: 2 }, list: [1, 2, 3] }],
    ['', {}],
  ])('removes the ignored pointer %j (RFC 6901 escapes)', (pointer, expected) => {
    const config = { keep: 1, top: 1, 'a/b': 1, nested: { 'x~y': 1, deep: 2 }, list: [1, 2, 3] };
    const result = canonicalConfig(config, { withDefaults: noDefaults, ignorePointers: [pointer] });
    expect(result).toEqual(expected);
    // The caller's config is never changed in place.
    expect(config).toEqual({ keep: 1, top: 1, 'a/b': 1, nested: { 'x~y': 1, deep: 2 }, list: [1, 2, 3] });
  });

  it('refuses a pointer that is not one, with a manifest error', () => {
    try {
      canonicalConfig({}, { withDefaults: noDefaults, ignorePointers: ['defaultModel'] });
      expect.unreachable();
    } catch (error) {
      expect(isKcrError(error) && error.code).toBe('MANIFEST_INVALID');
    }
  });

  it('decodes ~1 before ~0, so "~01" is the key "~1"', () => {
    expect(parseJsonPointer('/a~01/b~1c/~0')).toEqual(['a~1', 'b/c', '~']);
  });
});

describe('configsEqual', () => {
  const canon = (config: JsonObject): JsonObject => canonicalConfig(config, { withDefaults: webhookDefaults, ignorePointers: ['/ignored'] });

  it('ignores key order, nulls, defaults and ignored pointers', () => {
    expect(configsEqual(canon({ url: 'u', headers: { b: 1, a: 2 }, x: null, ignored: 'mine' }), canon({ headers: { a: 2, b: 1 }, hasAuth: true, url: 'u', method: 'post', ignored: 'theirs' }))).toBe(true);
  });

  it('sees a changed value, an added key and a default overridden', () => {
    expect(configsEqual(canon({ url: 'u' }), canon({ url: 'v' }))).toBe(false);
    expect(configsEqual(canon({ url: 'u' }), canon({ url: 'u', extra: 1 }))).toBe(false);
    expect(configsEqual(canon({ url: 'u' }), canon({ url: 'u', method: 'put' }))).toBe(false);
  });

  it('keeps array order significant', () => {
    expect(configsEqual(canon({ to: ['a', 'b'] }), canon({ to: ['b', 'a'] }))).toBe(false);
  });
});
