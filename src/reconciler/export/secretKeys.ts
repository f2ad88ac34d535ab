import type { ConnectorTypes } from '../../connector-types/types.js';
import { isJsonObject, type JsonObject } from '../../model/json.js';
import { compiledSchema } from '../../schemas/schemaCatalog.js';
import type { SecretKeyTree } from './types.js';

interface SecretsSchema {
  required?: string[];
  properties?: Record<string, unknown>;
}

/**
 * The shape of stored secrets: keys whose value is not null, nested objects as nested shapes.
 * Only key names leave this function; values are read to tell null from set and nothing else.
 */
export function secretKeyTree(secrets: JsonObject): SecretKeyTree {
  const tree: SecretKeyTree = {};
  for (const [key, value] of Object.entries(secrets)) {
    if (value === null) continue;
    if (isJsonObject(value)) {
      const nested = secretKeyTree(value);
      if (Object.keys(nested).length > 0) tree[key] = nested;
    } else {
      tree[key] = true;
    }
  }
  return tree;
}

function secretsSchemaOf(registry: ConnectorTypes, typeId: string): SecretsSchema | undefined {
  const type = registry.get(typeId);
  if (!type) return undefined;
  return compiledSchema(type.secretsSchemaId).schema as SecretsSchema;
}

/** True when the type declares any secret at all (a `.index` or `.server-log` has none). */
export function typeHasSecrets(registry: ConnectorTypes, typeId: string): boolean {
  return Object.keys(secretsSchemaOf(registry, typeId)?.properties ?? {}).length > 0;
}

/**
 * The secret keys to write placeholders for when the target cannot say which are stored (a real
 * Kibana never returns secrets): the type's required keys, user/password when the config says
 * `hasAuth: true`, and `apiKey` for the AI types whose only usual secret is optional.
 */
export function guessedSecretKeys(registry: ConnectorTypes, typeId: string, config: JsonObject): SecretKeyTree {
  const schema = secretsSchemaOf(registry, typeId);
  const properties = Object.keys(schema?.properties ?? {});
  const keys = new Set(schema?.required ?? []);
  if (config.hasAuth === true) for (const key of ['user', 'password']) if (properties.includes(key)) keys.add(key);
  if (keys.size === 0 && properties.includes('apiKey')) keys.add('apiKey');
  return Object.fromEntries([...keys].map((key) => [key, true as const]));
}

/**
 * Kibana's `isMissingSecrets` on export: true when the type's secrets schema rejects `{}` (it has
 * required secrets), else the config's `hasAuth` (false when absent, as the newest Kibana does).
 */
export function exportedIsMissingSecrets(registry: ConnectorTypes, typeId: string, config: JsonObject): boolean {
  const type = registry.get(typeId);
  if (type && !compiledSchema(type.secretsSchemaId)({})) return true;
  return config.hasAuth === true;
}
