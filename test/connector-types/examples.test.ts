import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/model/json.js';
import { actionsSettings } from './fixtures.js';

const EXAMPLES = fileURLToPath(new URL('../../manifests/examples/', import.meta.url));
const env = parseEnv(readFileSync(join(EXAMPLES, 'demo.env'), 'utf8'));
const registry = createConnectorTypeRegistry();

interface ExampleConnector {
  file: string;
  name: string;
  spec: JsonObject;
}

/**
 * The example manifests, read with the yaml package directly (the manifest loader is its own
 * component): every Connector, also those inside a ConnectorList.
 */
function loadExamples(): ExampleConnector[] {
  const connectors: ExampleConnector[] = [];
  for (const file of yamlFiles(EXAMPLES)) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      expect(document.errors, file).toEqual([]);
      const manifest = document.toJS() as JsonObject;
      const items = manifest.kind === 'ConnectorList' ? (manifest.items as JsonObject[]) : [manifest];
      for (const item of items) {
        expect(item.apiVersion, file).toBe('kcr/v1');
        expect(item.kind, file).toBe('Connector');
        const metadata = item.metadata as JsonObject;
        connectors.push({ file: relative(EXAMPLES, file), name: String(metadata.name), spec: item.spec as JsonObject });
      }
    }
  }
  return connectors;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : []))
    .sort();
}

/** Resolves `${env:NAME}` from demo.env; an unknown name fails the test. */
function resolveEnv(value: JsonValue, where: string): JsonValue {
  if (typeof value === 'string') {
    return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
      expect(env[name], `${where}: ${name} is not in demo.env`).toBeDefined();
      return env[name] ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveEnv(item, where));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveEnv(item, where)]));
  return value;
}

const examples = loadExamples();

describe('manifests/examples', () => {
  it('cover every connector type that is not a system action type', () => {
    const covered = new Set(examples.map((example) => example.spec.connector_type_id));
    const wanted = registry.list().filter((type) => !type.isSystemActionType).map((type) => type.id);
    expect(wanted).toHaveLength(30);
    expect(wanted.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('use valid, unique metadata names and live in the folder of their space', () => {
    const seen = new Set<string>();
    for (const { file, name, spec } of examples) {
      expect(name, file).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(63);
      const space = String(spec.space_id ?? 'default');
      expect(file.split('/')[0], `${file} ${name}`).toBe(space);
      expect(seen.has(`${space}/${name}`), `${space}/${name} twice`).toBe(false);
      seen.add(`${space}/${name}`);
    }
  });

  it('keep every secret value as an ${env:...} reference', () => {
    for (const { file, name, spec } of examples) {
      for (const leaf of stringLeaves((spec.secrets as JsonObject | undefined) ?? {})) {
        expect(leaf, `${file} ${name}`).toMatch(/^\$\{env:[A-Z0-9_]+\}$/);
      }
    }
  });

  it.each(examples.map((example) => [`${example.file} ${example.name}`, example] as const))('%s validates', (_title, { file, spec }) => {
    const config = resolveEnv((spec.config as JsonObject | undefined) ?? {}, file) as JsonObject;
    const secrets = resolveEnv((spec.secrets as JsonObject | undefined) ?? {}, file) as JsonObject;
    const result = registry.validate(String(spec.connector_type_id), config, secrets, actionsSettings());
    expect(result.ok ? [] : result.issues).toEqual([]);
  });
});

function stringLeaves(value: JsonValue): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (isJsonObject(value)) return Object.values(value).flatMap(stringLeaves);
  return [];
}
