import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DesiredConnectorInput } from '../../model/desired.js';
import { convertDocument } from './apiVersions.js';
import { buildConnector, identityOf, type BuildContext } from './buildConnector.js';
import { listManifestFiles } from './manifestFiles.js';
import { parseJsonDocuments, parseYamlDocuments } from './parseDocuments.js';
import type { LoadOptions, LoadResult, ManifestError, ParsedDocument } from './types.js';

/** One source of documents: a file, or a text body labelled for messages. */
interface ManifestInput {
  shown: string;
  documents: ParsedDocument[];
  /** The folder `${file:}` references are resolved against; undefined for text bodies. */
  baseDir?: string;
}

/**
 * Reads and validates every manifest under `paths` (files, or directories read recursively).
 * All problems of all files and documents are collected; the result is either every desired
 * connector or every error, never a mix.
 */
export async function loadManifestPaths(paths: string[], options: LoadOptions): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const listing = await listManifestFiles(paths, cwd);
  const inputs: ManifestInput[] = [];
  const errors: ManifestError[] = [...listing.errors];
  for (const file of listing.files) {
    let text: string;
    try {
      text = await readFile(file.absolute, 'utf8');
    } catch (error) {
      errors.push({ file: file.shown, document: 0, pointer: '', message: `file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); expected a readable manifest file` });
      continue;
    }
    const documents = /\.json$/i.test(file.absolute) ? parseJsonDocuments(text, false) : parseYamlDocuments(text);
    inputs.push({ shown: file.shown, documents, baseDir: dirname(file.absolute) });
  }
  return loadInputs(inputs, errors, options);
}

/**
 * Validates manifests sent as text (an HTTP body): multi-document YAML, or JSON as
 * `{"manifests": [...]}`, an array, or one document. `label` stands for the file in errors.
 * `${file:}` references are refused: there is no manifest file to resolve them against.
 */
export async function loadManifestText(text: string, options: LoadOptions & { label: string; contentType: 'yaml' | 'json' }): Promise<LoadResult> {
  const documents = options.contentType === 'json' ? parseJsonDocuments(text, true) : parseYamlDocuments(text);
  return loadInputs([{ shown: options.label, documents }], [], options);
}

async function loadInputs(inputs: ManifestInput[], errors: ManifestError[], options: LoadOptions): Promise<LoadResult> {
  const connectors: DesiredConnectorInput[] = [];
  // Identity -> where it was first declared, to name both places of a duplicate.
  const declared = new Map<string, string>();
  for (const input of inputs) {
    for (const document of input.documents) {
      const at = { file: input.shown, document: document.index };
      for (const issue of document.issues) errors.push({ ...at, ...issue });
      if (document.value === undefined || document.value === null) continue; // empty documents are skipped
      const converted = convertDocument(document.value);
      for (const issue of converted.issues) errors.push({ ...at, ...issue });
      const context: BuildContext = { registry: options.registry, settings: options.settings, env: options.env, baseDir: input.baseDir };
      for (const manifest of converted.connectors) {
        const identity = identityOf(manifest);
        const key = `${identity.spaceId}\u0000${identity.connectorId}`;
        const pointer = manifest.connectorId === undefined ? manifest.pointers.name : manifest.pointers.connectorId;
        const first = declared.get(key);
        if (first !== undefined) {
          errors.push({ ...at, pointer, message: `duplicate connector identity (space_id "${identity.spaceId}", connector_id "${identity.connectorId}"), first declared at ${first}; expected each (space_id, connector_id) once` });
          continue;
        }
        declared.set(key, `${at.file}[doc ${at.document}] ${pointer}`);
        const built = await buildConnector(manifest, { ...at, name: manifest.name }, context);
        for (const issue of built.issues) errors.push({ ...at, ...issue });
        if (built.connector) connectors.push(built.connector);
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, connectors, files: inputs.map((input) => input.shown) };
}
