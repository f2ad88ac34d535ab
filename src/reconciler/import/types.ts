import type { JsonObject } from '../../model/json.js';

/** One connector read from a saved-objects export, validated and ready to insert. */
export interface ImportedConnector {
  /** 1-based line of the file it came from. */
  line: number;
  id: string;
  name: string;
  connectorTypeId: string;
  /** The config as exported (Kibana's stored form). */
  config: JsonObject;
  /** Whether the imported connector lacks secrets it needs (see parseSavedObjectsNdjson). */
  isMissingSecrets: boolean;
}

/** A problem that stops the import: where (line and JSON pointer into that line's object) and what was expected. */
export interface ImportProblem {
  line: number;
  /** `''` for the whole line. */
  pointer: string;
  message: string;
}

/** Everything read from one file: the connectors, every problem, and notes that do not stop the import. */
export interface ParsedImport {
  connectors: ImportedConnector[];
  problems: ImportProblem[];
  warnings: string[];
}
