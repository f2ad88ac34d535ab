import type { ActionsSettings } from '../../config/types.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import type { DesiredConnectorInput } from '../../model/desired.js';
import type { ParsedManifestCache } from './parsedManifestCache.js';

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
