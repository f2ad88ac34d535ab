import { KcrError } from '../../errors.js';
import { sha256Digest, stripNulls } from '../../model/canonicalJson.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/json.js';

/** How to bring a config into the form plans compare. */
export interface CanonicalConfigOptions {
  /** The type's Kibana defaults (the registry's `withDefaults`, bound to the connector type). */
  withDefaults: (config: JsonObject) => JsonObject;
  /** `policy.ignoreChanges`: RFC 6901 JSON pointers into config that are never diffed. */
  ignorePointers: readonly string[];
}

/**
 * The config as plans compare it: Kibana's defaults filled in, null values dropped (at object
 * depth, not inside arrays), the ignored pointers removed and object keys sorted at every depth,
 * so that plans show configs in one stable order. Nulls are stripped before the defaults are applied
 * too, so that a declared `key: null` gets the default Kibana would store for an absent key.
 */
export function canonicalConfig(config: JsonObject, options: CanonicalConfigOptions): JsonObject {
  const withDefaults = stripNulls(options.withDefaults(stripNulls(config)));
  let result: JsonValue = withDefaults;
  for (const pointer of options.ignorePointers) result = removePointer(result, parseJsonPointer(pointer));
  return isJsonObject(result) ? sortKeys(result) : {};
}

function sortKeys(value: JsonObject): JsonObject {
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortValue(value[key]);
  return sorted;
}

function sortValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortValue);
  return isJsonObject(value) ? sortKeys(value) : value;
}

/**
 * True when two canonical configs are equal. Hashes are compared first so that the common
 * no-op case never pays for a field diff (STYLE: skip no-op work).
 */
export function configsEqual(a: JsonObject, b: JsonObject): boolean {
  return sha256Digest(a) === sha256Digest(b);
}

/** The reference tokens of an RFC 6901 pointer (`~1` is `/`, `~0` is `~`, in that order). */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new KcrError('MANIFEST_INVALID', `policy.ignoreChanges: "${pointer}" is not a JSON pointer (expected "" or a path starting with "/")`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * A copy of `value` without the member the tokens name. The whole document (no tokens) ignored
 * leaves an empty object. A path that does not exist leaves the value as it is.
 */
function removePointer(value: JsonValue, tokens: string[]): JsonValue {
  if (tokens.length === 0) return {};
  const [head, ...rest] = tokens;
  if (isJsonObject(value)) {
    if (!(head in value)) return value;
    const copy: JsonObject = { ...value };
    if (rest.length === 0) delete copy[head];
    else copy[head] = removePointer(value[head], rest);
    return copy;
  }
  if (Array.isArray(value) && /^(0|[1-9]\d*)$/.test(head)) {
    const index = Number(head);
    if (index >= value.length) return value;
    const copy = [...value];
    if (rest.length === 0) copy.splice(index, 1);
    else copy[index] = removePointer(value[index], rest);
    return copy;
  }
  return value;
}
