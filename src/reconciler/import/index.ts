/** `kcr import` (SPEC section 6): reading and validating a Kibana saved-objects export. Pure; the write is importConnectors. */
export { parseSavedObjectsNdjson, type ParseContext } from './parseSavedObjectsNdjson.js';
export { formatImportProblem } from './formatImportProblem.js';
export type { ImportedConnector, ImportProblem, ParsedImport } from './types.js';
