import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

const addFormats = ajvFormats.default;

/** The repository's schemas/ folder (the same relative place from src/ under tsx and from dist/). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

let rawById: Map<string, object> | undefined;
let shared: Ajv2020 | undefined;
const addedIds = new Set<string>();

/** Every JSON Schema under schemas/, parsed, by `$id` (read once; no schema refers to another file). */
function rawSchemas(): Map<string, object> {
  if (rawById) return rawById;
  const byId = new Map<string, object>();
  for (const file of listJsonFiles(SCHEMAS_DIR)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
    if (!schema.$id) throw new Error(`schema ${file} has no $id`);
    if (byId.has(schema.$id)) throw new Error(`schema ${file}: $id ${schema.$id} is used twice`);
    byId.set(schema.$id, schema);
  }
  rawById = byId;
  return byId;
}

/** The one ajv instance of the process; a schema joins it (and is compiled) on first use only. */
function sharedAjv(): Ajv2020 {
  if (shared) return shared;
  // code.optimize 0: no optimisation passes over the generated code. They made compiling the
  // config and manifest schemas (every kcr process does) ~35% dearer, and the validators they
  // produce were no faster on 100,000 manifests.
  shared = new Ajv2020({ allErrors: true, strict: false, useDefaults: false, allowUnionTypes: true, code: { optimize: 0 } });
  addFormats(shared);
  return shared;
}

function ensureAdded(ajv: Ajv2020, schemaId: string): boolean {
  if (addedIds.has(schemaId)) return true;
  const schema = rawSchemas().get(schemaId);
  if (!schema) return false;
  ajv.addSchema(schema);
  addedIds.add(schemaId);
  return true;
}

/**
 * The ajv instance with every JSON Schema under schemas/ loaded by its `$id`. Validation uses
 * `compiledSchema`, which loads and compiles only the schemas a process uses: a `kcr plan` needs
 * a handful of the 60-odd connector-type schemas, and compiling them all was a quarter of its start-up.
 */
export function schemaCatalog(): Ajv2020 {
  const ajv = sharedAjv();
  for (const id of rawSchemas().keys()) ensureAdded(ajv, id);
  return ajv;
}

/** The parsed JSON Schema with this `$id`, without compiling it; throws if no such schema is loaded. */
export function rawSchemaById(schemaId: string): object {
  const schema = rawSchemas().get(schemaId);
  if (!schema) throw new Error(`no JSON Schema with $id ${schemaId} under ${SCHEMAS_DIR}`);
  return schema;
}

const compiledById = new Map<string, ValidateFunction>();

/** The compiled validator of the schema with this `$id`; throws if no such schema is loaded. */
export function compiledSchema<T = unknown>(schemaId: string): ValidateFunction<T> {
  // Looked up per connector validated: ajv's own lookup normalizes the id every time.
  let validate = compiledById.get(schemaId);
  if (!validate) {
    const ajv = sharedAjv();
    validate = ensureAdded(ajv, schemaId) ? ajv.getSchema(schemaId) : undefined;
    if (!validate) throw new Error(`no JSON Schema with $id ${schemaId} under ${SCHEMAS_DIR}`);
    compiledById.set(schemaId, validate);
  }
  return validate as ValidateFunction<T>;
}

function listJsonFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listJsonFiles(path));
    else if (entry.name.endsWith('.json')) files.push(path);
  }
  return files.sort();
}
