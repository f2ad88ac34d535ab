import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { SCHEMAS_DIR } from '../../src/schemas/schemaCatalog.js';

const DIR = join(SCHEMAS_DIR, 'connector-types');
const files = readdirSync(DIR).filter((name) => name.endsWith('.schema.json')).sort();
const schemas = files.map((name) => ({ name, schema: JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown> }));

describe('schemas/connector-types', () => {
  it('holds a config and a secrets schema for every registered type, named after it, with the $id the registry uses', () => {
    const registry = createConnectorTypeRegistry();
    const byId = new Map(schemas.map(({ name, schema }) => [schema.$id, name]));
    for (const type of registry.list()) {
      const bare = type.id.slice(1);
      expect(byId.get(type.configSchemaId)).toBe(`${bare}.config.schema.json`);
      expect(byId.get(type.secretsSchemaId)).toBe(`${bare}.secrets.schema.json`);
    }
    expect(files).toHaveLength(64);
  });

  it('are JSON Schema 2020-12 objects that reject unknown keys, as Kibana does', () => {
    for (const { name, schema } of schemas) {
      expect(schema.$schema, name).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.type, name).toBe('object');
      const branches = (schema.allOf as Array<{ then: Record<string, unknown> }> | undefined)?.map((branch) => branch.then) ?? [schema];
      for (const branch of branches) expect(branch.additionalProperties, name).toBe(false);
    }
  });
});
