import type { ActionsSettings } from '../../config/types.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import { isKcrError } from '../../errors.js';
import { isJsonObject, type JsonObject } from '../../model/json.js';
import { assertValidConnectorId } from '../../targets/embedded/connectorId.js';
import { typeHasSecrets } from '../export/secretKeys.js';
import type { ImportedConnector, ImportProblem, ParsedImport } from './types.js';

export interface ParseContext {
  registry: ConnectorTypes;
  /** The `xpack.actions.*`-style settings the config of each connector is checked against. */
  settings: ActionsSettings;
  /** Ids of preconfigured connectors: an object with one of them is dropped with a warning, as newest Kibana does. */
  preconfiguredIds: ReadonlySet<string>;
}

type LineResult = { kind: 'connector'; connector: ImportedConnector } | { kind: 'summary'; exportedCount: unknown } | { kind: 'dropped'; warning: string } | { kind: 'invalid' };

/**
 * Reads a Kibana saved-objects export (NDJSON: one object a line, then the export summary line)
 * and validates all of it before anything is written: every problem is reported with its line and
 * JSON pointer. Each object must be a connector (`type: "action"`) with a valid, unique id and
 * `attributes` naming a registered type, a name and a config the type accepts. Secrets are never
 * taken from the file (exports carry none), so every connector of a type that has secrets is
 * marked `isMissingSecrets: true` until a plan or an update supplies them.
 */
export function parseSavedObjectsNdjson(text: string, context: ParseContext): ParsedImport {
  const parsed: ParsedImport = { connectors: [], problems: [], warnings: [] };
  const firstLineOfId = new Map<string, number>();
  let summary: { line: number; exportedCount: unknown } | undefined;
  let objectLines = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const result = readLine(raw, line, context, parsed.problems, parsed.warnings);
    if (result.kind === 'summary') {
      summary = { line, exportedCount: result.exportedCount };
      return;
    }
    objectLines += 1;
    if (result.kind === 'dropped') parsed.warnings.push(result.warning);
    if (result.kind !== 'connector') return;
    const first = firstLineOfId.get(result.connector.id);
    if (first !== undefined) {
      parsed.problems.push({ line, pointer: '/id', message: `duplicate id "${result.connector.id}" (first on line ${first}); expected each connector once` });
      return;
    }
    firstLineOfId.set(result.connector.id, line);
    parsed.connectors.push(result.connector);
  });
  if (summary && summary.exportedCount !== objectLines) {
    parsed.problems.push({ line: summary.line, pointer: '/exportedCount', message: `the export summary counts ${JSON.stringify(summary.exportedCount)} object(s) but the file has ${objectLines}; the file looks truncated or edited` });
  }
  if (objectLines === 0 && parsed.problems.length === 0) {
    parsed.problems.push({ line: 1, pointer: '', message: 'no saved objects found; expected a Kibana saved-objects export (one JSON object a line)' });
  }
  return parsed;
}

function readLine(raw: string, line: number, context: ParseContext, problems: ImportProblem[], warnings: string[]): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    problems.push({ line, pointer: '', message: `not valid JSON${jsonErrorColumn(error)}; expected one saved object a line` });
    return { kind: 'invalid' };
  }
  if (!isJsonObject(value)) {
    problems.push({ line, pointer: '', message: `expected a saved object (a JSON object), got ${describe(value)}` });
    return { kind: 'invalid' };
  }
  if (value.type === undefined && 'exportedCount' in value) return { kind: 'summary', exportedCount: value.exportedCount };
  const before = problems.length;
  const connector = readConnector(value, line, context, problems, warnings);
  if (!connector || problems.length > before) return { kind: 'invalid' };
  if (context.preconfiguredIds.has(connector.id)) {
    return { kind: 'dropped', warning: `line ${line}: connector "${connector.name}" was not imported: id ${connector.id} belongs to a preconfigured connector` };
  }
  return { kind: 'connector', connector };
}

function readConnector(object: JsonObject, line: number, context: ParseContext, problems: ImportProblem[], warnings: string[]): ImportedConnector | undefined {
  const problem = (pointer: string, message: string) => problems.push({ line, pointer, message });
  if (object.type !== 'action') {
    problem('/type', `expected "action" (a connector), got ${describe(object.type)}; kcr imports connectors only`);
    return undefined;
  }
  const id = readId(object.id, problem);
  const attributes = object.attributes;
  if (!isJsonObject(attributes)) {
    problem('/attributes', `expected an object with actionTypeId, name and config, got ${describe(attributes)}`);
    return undefined;
  }
  const name = attributes.name;
  if (typeof name !== 'string' || name.trim() === '') problem('/attributes/name', `expected a non-empty string, got ${describe(name)}`);
  const config = attributes.config ?? {};
  if (!isJsonObject(config)) problem('/attributes/config', `expected an object, got ${describe(config)}`);
  const connectorTypeId = readType(attributes.actionTypeId, context, problem);
  if (id === undefined || typeof name !== 'string' || !isJsonObject(config) || connectorTypeId === undefined) return undefined;
  checkConfig(connectorTypeId, config, context, problem);
  if (isJsonObject(attributes.secrets) && Object.keys(attributes.secrets).length > 0) {
    warnings.push(`line ${line}: the secrets in the file were ignored (an export never carries them); connector "${name}" is imported without secrets`);
  }
  const isMissingSecrets = typeHasSecrets(context.registry, connectorTypeId);
  return { line, id, name, connectorTypeId, config, isMissingSecrets };
}

function readId(id: unknown, problem: (pointer: string, message: string) => void): string | undefined {
  if (typeof id !== 'string') {
    problem('/id', `expected the connector id as a string, got ${describe(id)}`);
    return undefined;
  }
  try {
    assertValidConnectorId(id);
    return id;
  } catch (error) {
    if (!isKcrError(error)) throw error;
    problem('/id', error.message);
    return undefined;
  }
}

function readType(typeId: unknown, context: ParseContext, problem: (pointer: string, message: string) => void): string | undefined {
  if (typeof typeId !== 'string') {
    problem('/attributes/actionTypeId', `expected a connector type id such as ".slack", got ${describe(typeId)}`);
    return undefined;
  }
  const type = context.registry.get(typeId);
  if (!type) {
    problem('/attributes/actionTypeId', `connector type "${typeId}" is not registered; see kcr types`);
    return undefined;
  }
  if (type.isSystemActionType) {
    problem('/attributes/actionTypeId', `"${typeId}" is a system action type; its connectors cannot be created or imported`);
    return undefined;
  }
  return typeId;
}

/** The type's own config checks (schema, rules, allowed hosts); secrets are absent on purpose, so their issues are not problems. */
function checkConfig(typeId: string, config: JsonObject, context: ParseContext, problem: (pointer: string, message: string) => void): void {
  const result = context.registry.validate(typeId, config, {}, context.settings);
  if (result.ok) return;
  for (const issue of result.issues) {
    if (issue.pointer.startsWith('/secrets')) continue;
    if (issue.pointer.startsWith('/config')) problem(`/attributes${issue.pointer}`, issue.message);
    else problem('/attributes/actionTypeId', issue.kibanaMessage);
  }
}

/**
 * Only the column of a JSON syntax error: V8's message quotes a slice of the line, and a broken
 * line may hold anything, secrets included.
 */
function jsonErrorColumn(error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  return position ? ` (at column ${Number(position[1]) + 1})` : '';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}
