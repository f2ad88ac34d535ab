import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DesiredConnectorInput } from '../../model/desired.js';
import { convertDocument } from './apiVersions.js';
import type { ConnectorManifest } from './connectorManifest.js';
import { buildConnector, identityOf, type BuildContext, type ConnectorIdentity } from './buildConnector.js';
import { listManifestFiles } from './manifestFiles.js';
import { parseJsonDocuments, parseYamlDocuments } from './parseDocuments.js';
import { isCacheable, manifestCacheKey, serializeCacheEntry } from './parsedManifestCache.js';
import type { LoadOptions, LoadResult, ManifestError, ParsedDocument, SerializedCacheEntry } from './types.js';

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
  // Files that cannot be read are reported before any document problem, as listing errors are.
  const readErrors: ManifestError[] = [...listing.errors];
  const state: LoadState = { connectors: [], errors: [], declared: new Map() };
  const files: string[] = [];
  const parsedNow: SerializedCacheEntry[] = [];
  for (const file of listing.files) {
    const read = readManifestFile(file.absolute);
    if ('error' in read) {
      readErrors.push({ file: file.shown, document: 0, pointer: '', message: `file cannot be read (${read.error}); expected a readable manifest file` });
      continue;
    }
    // One file at a time: its text and parsed documents are garbage before the next file is read,
    // so a large desired state holds only its connectors, never every file's documents at once.
    const documents = /\.json$/i.test(file.absolute) ? parseJsonDocuments(read.text, false) : await parseYamlFile(read.text, options, parsedNow);
    await loadInput({ shown: file.shown, documents, baseDir: dirname(file.absolute) }, state, options);
    files.push(file.shown);
  }
  // Only a run without a problem feeds the cache: a refused plan writes nothing.
  if (readErrors.length === 0 && state.errors.length === 0) await options.parseCache?.commit(parsedNow);
  return resultOf(state, readErrors, files);
}

/**
 * Validates manifests sent as text (an HTTP body): multi-document YAML, or JSON as
 * `{"manifests": [...]}`, an array, or one document. `label` stands for the file in errors.
 * `${file:}` references are refused: there is no manifest file to resolve them against.
 */
export async function loadManifestText(text: string, options: LoadOptions & { label: string; contentType: 'yaml' | 'json' }): Promise<LoadResult> {
  const documents = options.contentType === 'json' ? parseJsonDocuments(text, true) : parseYamlDocuments(text);
  const state: LoadState = { connectors: [], errors: [], declared: new Map() };
  await loadInput({ shown: options.label, documents }, state, options);
  return resultOf(state, [], [options.label]);
}

/**
 * A file's text, or the error code that kept it from being read. Read synchronously: the loader
 * is one long chain of promise continuations, so an asynchronous read only progressed when that
 * chain stalled on it, which left the thread idle for every file.
 */
function readManifestFile(path: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? 'unknown error' };
  }
}

/** A YAML file's documents: from the parse cache when its text was parsed before, else parsed (and kept for the cache when it may be). */
async function parseYamlFile(text: string, options: LoadOptions, parsedNow: SerializedCacheEntry[]): Promise<ParsedDocument[]> {
  if (!options.parseCache) return parseYamlDocuments(text);
  const key = manifestCacheKey(text);
  const cached = await options.parseCache.get(key);
  if (cached) return cached;
  const documents = parseYamlDocuments(text);
  if (isCacheable(documents)) parsedNow.push(serializeCacheEntry(key, documents));
  return documents;
}

/** What a run has gathered so far. */
interface LoadState {
  connectors: DesiredConnectorInput[];
  errors: ManifestError[];
  /** Identity -> where it was first declared, to name both places of a duplicate. */
  declared: Map<string, string>;
}

async function loadInput(input: ManifestInput, state: LoadState, options: LoadOptions): Promise<void> {
  for (const document of input.documents) await loadDocument(input, document, state, options);
}

/** Every desired connector, or every error (read errors first), never a mix. */
function resultOf(state: LoadState, readErrors: ManifestError[], files: string[]): LoadResult {
  if (readErrors.length > 0 || state.errors.length > 0) return { ok: false, errors: [...readErrors, ...state.errors] };
  return { ok: true, connectors: state.connectors, files };
}

async function loadDocument(input: ManifestInput, document: ParsedDocument, state: LoadState, options: LoadOptions): Promise<void> {
  const at = { file: input.shown, document: document.index };
  for (const issue of document.issues) state.errors.push({ ...at, ...issue });
  if (document.value === undefined || document.value === null) return; // empty documents are skipped
  const converted = convertDocument(document.value);
  for (const issue of converted.issues) state.errors.push({ ...at, ...issue });
  const context: BuildContext = { registry: options.registry, settings: options.settings, env: options.env, baseDir: input.baseDir };
  for (const manifest of converted.connectors) {
    const identity = identityOf(manifest);
    const duplicate = checkIdentity(manifest, identity, at, state.declared);
    if (duplicate) state.errors.push(duplicate);
    // A duplicate's own problems are still reported: the user fixes everything in one pass.
    const built = await buildConnector(manifest, { ...at, name: manifest.name }, context, identity);
    for (const issue of built.issues) state.errors.push({ ...at, ...issue });
    if (built.connector && !duplicate) state.connectors.push(built.connector);
  }
}

/** Records the connector's identity; a second declaration is an error naming the first one. */
function checkIdentity(manifest: ConnectorManifest, identity: ConnectorIdentity, at: { file: string; document: number }, declared: Map<string, string>): ManifestError | undefined {
  const { spaceId, connectorId } = identity;
  const key = `${spaceId}\u0000${connectorId}`;
  const pointer = manifest.connectorId === undefined ? manifest.pointers.name : manifest.pointers.connectorId;
  const first = declared.get(key);
  if (first === undefined) {
    declared.set(key, `${at.file}[doc ${at.document}] ${pointer}`);
    return undefined;
  }
  return { ...at, pointer, message: `duplicate connector identity (space_id "${spaceId}", connector_id "${connectorId}"), first declared at ${first}; expected each (space_id, connector_id) once` };
}
