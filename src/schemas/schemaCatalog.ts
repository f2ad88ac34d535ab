import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

const addFormats = ajvFormats.default;

/** The repository's schemas/ folder (the same relative place from src/ under tsx and from dist/). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

let shared: Ajv2020 | undefined;

/**
 * The one ajv instance of the process: every JSON Schema under schemas/ is loaded by its `$id`
 * at first use and each is compiled once (ajv caches compiled validators by `$id`).
 */
export function schemaCatalog(): Ajv2020 {
  if (shared) return shared;
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false, allowUnionTypes: true });
  addFormats(ajv);
  for (const file of listJsonFiles(SCHEMAS_DIR)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
    if (!schema.$id) throw new Error(`schema ${file} has no $id`);
    ajv.addSchema(schema);
  }
  shared = ajv;
  return ajv;
}

const compiledById = new Map<string, ValidateFunction>();

/** The compiled validator of the schema with this `$id`; throws if no such schema is loaded. */
export function compiledSchema<T = unknown>(schemaId: string): ValidateFunction<T> {
  // Looked up per connector validated: ajv's own lookup normalizes the id every time.
  let validate = compiledById.get(schemaId);
  if (!validate) {
    validate = schemaCatalog().getSchema(schemaId);
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
