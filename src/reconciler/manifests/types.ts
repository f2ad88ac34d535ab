import type { ActionsSettings } from '../../config/types.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import type { DesiredConnectorInput } from '../../model/desired.js';

/**
 * One problem in the manifests: the file (relative to `cwd` when under it), the 0-based document
 * index in that file, the JSON pointer of the offending field inside that document (`''` is the
 * whole document) and what was found and expected. Never holds a secret value.
 */
export interface ManifestError {
  file: string;
  document: number;
  pointer: string;
  message: string;
}

/** A problem inside one document, before the loader adds the file and document index. */
export interface ManifestIssue {
  pointer: string;
  message: string;
}

/** What the loader needs from its caller; the env map is passed in because only the config loader reads process.env. */
export interface LoadOptions {
  registry: ConnectorTypes;
  settings: ActionsSettings;
  env: Record<string, string | undefined>;
  /** Paths in errors and in `source.file` are shown relative to it when under it (default: the process's cwd). */
  cwd?: string;
  /** Parsed YAML files kept between runs (parsedManifestCache.ts); none: every file is parsed. */
  parseCache?: ParsedManifestCache;
}

export type LoadResult =
  | { ok: true; connectors: DesiredConnectorInput[]; files: string[] }
  | { ok: false; errors: ManifestError[] };

/** One parsed document of a manifest file or text body, or the syntax problems that kept it from parsing. */
export interface ParsedDocument {
  index: number;
  /** The document's value; `undefined` when it could not be parsed (then `issues` says why). */
  value?: unknown;
  issues: ManifestIssue[];
}

/**
 * Parsed YAML manifest files, kept between runs by content. Parsing is most of what a re-plan
 * of a large desired state costs (the `yaml` parser allocates some 600 bytes per byte of input),
 * and most files of a Git checkout are the same as last run: a file whose text is unchanged is
 * read back as JSON instead of being parsed again. Everything after parsing (schemas, types,
 * secret references, identities) runs on every document every time, so a cached file gives
 * exactly the result a fresh parse would.
 */
export interface ParsedManifestCache {
  /** The documents of the file text with this key (`manifestCacheKey`), if a run parsed it before. */
  get(key: string): Promise<ParsedDocument[] | undefined>;
  /** Ends a run whose manifests were all valid: keeps the files it parsed, marks the ones it read as used. Best effort. */
  commit(added: SerializedCacheEntry[]): Promise<void>;
}

/**
 * A parsed file ready to be written: serialized when it is parsed, so a run holds one string per
 * file until it ends rather than every file's documents (and nothing done to them later leaks in).
 */
export interface SerializedCacheEntry {
  key: string;
  body: string;
}
