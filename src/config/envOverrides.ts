import type { JsonObject, JsonValue } from '../model/json.js';

type Parse = 'string' | 'integer' | 'boolean' | 'list';

/** One `KCR_*` variable: where it lands in the configuration and how its text is read. */
interface EnvBinding {
  name: string;
  path: string[];
  parse: Parse;
}

/**
 * Every environment variable the loader reads (README lists the same table). `KCR_SERVER` is not
 * here: it is the CLI's `--server` default, read by the CLI, and not part of the service config.
 */
export const ENV_BINDINGS: readonly EnvBinding[] = [
  { name: 'KCR_DATA_DIR', path: ['store', 'dataDir'], parse: 'string' },
  { name: 'KCR_STORE_TYPE', path: ['store', 'type'], parse: 'string' },
  { name: 'KCR_STORE_NODES', path: ['store', 'nodes'], parse: 'list' },
  { name: 'KCR_STORE_API_KEY', path: ['store', 'auth', 'apiKey'], parse: 'string' },
  { name: 'KCR_STORE_USERNAME', path: ['store', 'auth', 'username'], parse: 'string' },
  { name: 'KCR_STORE_PASSWORD', path: ['store', 'auth', 'password'], parse: 'string' },
  { name: 'KCR_STORE_CA_FILE', path: ['store', 'caFile'], parse: 'string' },
  { name: 'KCR_STORE_INDEX_PREFIX', path: ['store', 'indexPrefix'], parse: 'string' },
  { name: 'KCR_HOST', path: ['server', 'host'], parse: 'string' },
  { name: 'KCR_PORT', path: ['server', 'port'], parse: 'integer' },
  { name: 'KCR_BODY_LIMIT', path: ['server', 'bodyLimit'], parse: 'string' },
  { name: 'KCR_TARGET', path: ['target', 'type'], parse: 'string' },
  { name: 'KCR_KIBANA_URL', path: ['target', 'url'], parse: 'string' },
  { name: 'KCR_KIBANA_API_KEY', path: ['target', 'apiKey'], parse: 'string' },
  { name: 'KCR_KIBANA_USERNAME', path: ['target', 'username'], parse: 'string' },
  { name: 'KCR_KIBANA_PASSWORD', path: ['target', 'password'], parse: 'string' },
  { name: 'KCR_KIBANA_BEARER_TOKEN', path: ['target', 'bearerToken'], parse: 'string' },
  { name: 'KCR_KIBANA_CA_FILE', path: ['target', 'caFile'], parse: 'string' },
  { name: 'KCR_KIBANA_INSECURE', path: ['target', 'insecure'], parse: 'boolean' },
  { name: 'KCR_ENCRYPTION_KEY', path: ['encryptionKey'], parse: 'string' },
  { name: 'KCR_MANAGED_CONNECTOR_WRITES', path: ['managedConnectorWrites'], parse: 'string' },
  { name: 'KCR_KIBANA_VERSION', path: ['kibanaVersion'], parse: 'string' },
  { name: 'KCR_MANIFEST_CACHE', path: ['manifestCache'], parse: 'boolean' },
  { name: 'KCR_LOG_LEVEL', path: ['logLevel'], parse: 'string' },
  { name: 'KCR_ENABLED_ACTION_TYPES', path: ['actions', 'enabledActionTypes'], parse: 'list' },
  { name: 'KCR_ALLOWED_HOSTS', path: ['actions', 'allowedHosts'], parse: 'list' },
];

/** The overrides found in the environment, and which JSON pointer each variable set (to name it in errors). */
export interface EnvOverrides {
  values: JsonObject;
  sources: Map<string, string>;
}

/**
 * Reads the `KCR_*` variables into a partial configuration. A value that does not parse (a port
 * that is not a number) is kept as text, so schema validation reports it with the variable's name.
 */
export function readEnvOverrides(env: Record<string, string | undefined>): EnvOverrides {
  const values: JsonObject = {};
  const sources = new Map<string, string>();
  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.name];
    if (raw === undefined) continue;
    setPath(values, binding.path, parseValue(raw, binding.parse));
    sources.set(`/${binding.path.join('/')}`, binding.name);
  }
  return { values, sources };
}

function parseValue(raw: string, parse: Parse): JsonValue {
  const text = raw.trim();
  if (parse === 'integer') return /^-?\d+$/.test(text) ? Number(text) : raw;
  if (parse === 'boolean') {
    if (/^(true|1|yes)$/i.test(text)) return true;
    if (/^(false|0|no)$/i.test(text)) return false;
    return raw;
  }
  if (parse === 'list') return text === '' ? [] : text.split(',').map((item) => item.trim());
  return raw;
}

function setPath(target: JsonObject, path: string[], value: JsonValue): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[path[path.length - 1]] = value;
}
