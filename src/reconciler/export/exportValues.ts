import { isJsonObject, type JsonObject } from '../../model/json.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import { guessedSecretKeys } from './secretKeys.js';
import type { ExportConnector, SecretKeyTree } from './types.js';

/**
 * The config as stored minus `null` values (recursively in objects, not inside arrays, like the
 * Terraform provider): plans ignore nulls, and a manifest reads better without them.
 */
export function configWithoutNulls(config: JsonObject | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(config ?? {})) {
    if (value === null) continue;
    out[key] = isJsonObject(value) ? configWithoutNulls(value) : value;
  }
  return out;
}

/** The secret keys of a connector: those the target stored, else the ones its type usually needs. */
export function secretKeysOf(connector: ExportConnector, registry: ConnectorTypes): SecretKeyTree {
  return connector.secretKeys ?? guessedSecretKeys(registry, connector.connectorTypeId, connector.config ?? {});
}

/** Upper snake case of any text: `webhookUrl` -> `WEBHOOK_URL`, `ops-slack` -> `OPS_SLACK`. */
export function upperSnake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** `KCR_<SPACE>_<NAME>_<KEY>`: the environment variable an exported manifest reads one secret from. */
export function secretEnvName(spaceId: string, manifestName: string, path: string[]): string {
  return ['KCR', spaceId, manifestName, ...path].map(upperSnake).filter((part) => part !== '').join('_');
}

/**
 * Replaces every key of the tree by what `leaf(path)` returns for it (a placeholder string, a
 * Terraform variable); the result has the secrets' shape and never a value.
 */
export function mapSecretKeys<T>(tree: SecretKeyTree, leaf: (path: string[]) => T, at: string[] = []): Record<string, T | Record<string, unknown>> {
  const out: Record<string, T | Record<string, unknown>> = {};
  for (const [key, child] of Object.entries(tree)) out[key] = child === true ? leaf([...at, key]) : mapSecretKeys(child, leaf, [...at, key]);
  return out;
}

/** Every leaf path of a tree, in key order. */
export function secretPaths(tree: SecretKeyTree, at: string[] = []): string[][] {
  return Object.entries(tree).flatMap(([key, child]) => (child === true ? [[...at, key]] : secretPaths(child, [...at, key])));
}

/** Connectors in the order every export lists them: by display name, then id (stable across runs). */
export function exportOrder(connectors: ExportConnector[]): ExportConnector[] {
  return [...connectors].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Kibana accepts any `[a-z0-9-]` id up to 36 characters, but kcr/v1 manifests and the Terraform
 * provider take only UUIDs: such a connector exports with a warning instead of silently invalid.
 */
export function nonUuidIdWarning(connector: ExportConnector): string | undefined {
  if (UUID.test(connector.id)) return undefined;
  return `connector ${connector.spaceId}/${connector.id} ("${connector.name}") has an id that is not a UUID; kcr manifests and the Terraform provider need one, so its export will not validate until it is recreated under a UUID`;
}
