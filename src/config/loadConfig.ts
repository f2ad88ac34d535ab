import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { KcrError, type ErrorDetail } from '../errors.js';
import { isJsonObject, type JsonObject } from '../model/json.js';
import { compiledSchema } from '../schemas/schemaCatalog.js';
import { configIssues, renderIssues } from './configIssues.js';
import { deepFreeze } from './deepFreeze.js';
import { DEFAULT_CONFIG, DEFAULT_CONFIG_FILE } from './defaults.js';
import { readEnvOverrides } from './envOverrides.js';
import { servedPreconfigured } from './preconfiguredIssues.js';
import { elasticsearchStoreIssues } from './storeIssues.js';
import type { KcrConfig } from './types.js';

export const CONFIG_SCHEMA_ID = 'https://kcr.dev/schemas/config.json';

export interface LoadConfigOptions {
  /** `--config FILE`; when absent, `./kcr.yaml` is read if it exists. */
  configFile?: string;
  /** `--data-dir DIR`: wins over the file and `KCR_DATA_DIR`. */
  dataDir?: string;
  /** The process environment (the CLI passes `process.env`; nothing else reads it). */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Last word, for tests and embedding (deep-merged over everything else). */
  overrides?: DeepPartial<KcrConfig>;
}

export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * Builds the one configuration of the process: defaults, then the config file, then `KCR_*`
 * variables, then command-line options. The result is validated against
 * schemas/config.schema.json; every problem is reported at once in one `CONFIG_INVALID` error.
 * Preconfigured connectors are checked only as Kibana checks them at start-up (their shape):
 * what their types would refuse is a warning (`preconfiguredWarnings`), never a refusal to start.
 * The returned object is deep-frozen.
 */
export function loadConfig(options: LoadConfigOptions): KcrConfig {
  const file = readConfigFile(options);
  const env = readEnvOverrides(options.env);
  let merged = mergeLayer(structuredClone(DEFAULT_CONFIG) as unknown as JsonObject, file.values);
  merged = mergeLayer(merged, env.values);
  if (options.dataDir !== undefined) merged = mergeLayer(merged, { store: { dataDir: options.dataDir } });
  if (options.overrides) merged = mergeLayer(merged, options.overrides as JsonObject);

  const validate = compiledSchema(CONFIG_SCHEMA_ID);
  const issues: ErrorDetail[] = validate(merged) ? [] : configIssues(validate.errors ?? [], env.sources);
  const config = merged as unknown as KcrConfig;
  if (issues.length === 0 && config.store.type === 'elasticsearch') issues.push(...withEnvSources(elasticsearchStoreIssues(config.store), env.sources));
  if (issues.length > 0) throw invalid(file.path, issues);
  config.preconfigured = servedPreconfigured(config.preconfigured);
  resolvePaths(config, options, file.path !== undefined && file.values.store !== undefined ? dirname(file.path) : options.cwd);
  return deepFreeze(config);
}

/** The raw values of the config file, or none when there is no file to read. */
function readConfigFile(options: LoadConfigOptions): { path?: string; values: JsonObject } {
  const explicit = options.configFile !== undefined;
  const path = resolve(options.cwd, options.configFile ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (explicit) throw invalid(path, [{ path: '/', message: `config file ${path} does not exist` }]);
    return { values: {} };
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(path, [{ path: '/', message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
  if (parsed === null || parsed === undefined) return { path, values: {} };
  if (!isJsonObject(parsed)) throw invalid(path, [{ path: '/', message: 'must be a mapping of settings (see SPEC section 8)' }]);
  return { path, values: parsed };
}

/**
 * Deep-merges one layer over another: objects merge key by key, anything else replaces. A layer
 * that switches `target.type` or `store.type` replaces that whole block, so settings of the other
 * kind (a Kibana URL under an embedded target) do not leak across.
 */
function mergeLayer(base: JsonObject, layer: JsonObject): JsonObject {
  const result: JsonObject = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    const current = result[key];
    const switchesKind = (key === 'target' || key === 'store') && isJsonObject(value) && isJsonObject(current) && value.type !== undefined && value.type !== current.type;
    // A preconfigured connector is one whole definition: merging two layers' entries would mix two connectors.
    if (isJsonObject(value) && isJsonObject(current) && !switchesKind && key !== 'preconfigured') result[key] = mergeLayer(current, value);
    else result[key] = structuredClone(value);
  }
  return result;
}

/** Relative paths in the file are relative to the file; from the command line or environment, to the working directory. */
function resolvePaths(config: KcrConfig, options: LoadConfigOptions, fileBase: string): void {
  if (config.store.type === 'elasticsearch') {
    config.store.indexPrefix ??= 'kcr';
    if (config.store.caFile !== undefined && !isAbsolute(config.store.caFile)) config.store.caFile = resolve(options.cwd, config.store.caFile);
  }
  if (config.store.dataDir !== undefined && !isAbsolute(config.store.dataDir)) {
    const fromCli = options.dataDir !== undefined || options.env.KCR_DATA_DIR !== undefined;
    config.store.dataDir = resolve(fromCli ? options.cwd : fileBase, config.store.dataDir);
  }
  if (config.target.type === 'kibana' && config.target.caFile !== undefined && !isAbsolute(config.target.caFile)) {
    config.target.caFile = resolve(options.cwd, config.target.caFile);
  }
}

/** Names the KCR_* variable a setting came from, as configIssues does for schema errors. */
function withEnvSources(issues: ErrorDetail[], sources: ReadonlyMap<string, string>): ErrorDetail[] {
  return issues.map((issue) => {
    const source = [...sources].find(([pointer]) => issue.path === pointer || issue.path.startsWith(`${pointer}/`))?.[1];
    return source ? { ...issue, message: `${issue.message} (from ${source})` } : issue;
  });
}

function invalid(path: string | undefined, issues: ErrorDetail[]): KcrError {
  const where = path ?? 'configuration';
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return new KcrError('CONFIG_INVALID', `invalid kcr configuration (${where}), ${issues.length} ${noun}:\n${renderIssues(issues)}`, { errors: issues });
}
