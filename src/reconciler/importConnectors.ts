import type { KcrConfig } from '../config/types.js';
import type { ConnectorTypes } from '../connector-types/types.js';
import { KcrError } from '../errors.js';
import type { Actor, KcrEvent } from '../model/events.js';
import { SecretValue } from '../secrets/SecretValue.js';
import type { Store } from '../store/Store.js';
import type { Target } from '../targets/Target.js';
import { formatImportProblem, parseSavedObjectsNdjson, type ImportedConnector, type ImportProblem } from './import/index.js';

export interface ImportDependencies {
  store: Store;
  target: Target;
  registry: ConnectorTypes;
  config: Pick<KcrConfig, 'actions' | 'preconfigured'>;
  now?: () => Date;
}

export interface ImportRequest {
  spaceId: string;
  /** The NDJSON text of a Kibana saved-objects export. */
  text: string;
  /** The file's name as the user gave it, for messages and events. */
  file: string;
  actor: Actor;
}

/** Kibana's import answer, in short: what was imported and the warnings (an `action_required` one when secrets are missing). */
export interface ImportResult {
  spaceId: string;
  imported: Pick<ImportedConnector, 'id' | 'name' | 'connectorTypeId' | 'isMissingSecrets'>[];
  warnings: { type: 'action_required' | 'simple'; message: string }[];
}

/**
 * Loads a Kibana saved-objects export into a space of the embedded target, all or nothing: the
 * whole file is validated first (every problem reported with line and JSON pointer, plus ids that
 * already exist in any space) and nothing is written on any problem. Connectors are inserted
 * without secrets (`is_missing_secrets: true` for types that have them), like Kibana's import;
 * each gets an event, and the space serial moves once so plans made before the import are stale.
 * A kibana target is refused: a real Kibana has its own saved-objects import API.
 */
export async function importConnectors(deps: ImportDependencies, request: ImportRequest): Promise<ImportResult> {
  if (deps.target.kind !== 'embedded') {
    throw new KcrError('BAD_REQUEST', `kcr import writes kcr's embedded target only; to load ${request.file} into Kibana, use Kibana's saved-objects import (Stack Management > Saved Objects, or POST /s/${request.spaceId}/api/saved_objects/_import), then manage the connectors with kcr plan`);
  }
  const parsed = parseSavedObjectsNdjson(request.text, { registry: deps.registry, settings: deps.config.actions, preconfiguredIds: new Set(Object.keys(deps.config.preconfigured)) });
  const problems = [...parsed.problems, ...(await existingIdProblems(deps.store, parsed.connectors))].sort((a, b) => a.line - b.line);
  if (problems.length > 0) {
    throw new KcrError('VALIDATION_FAILED', `${request.file}: ${problems.length} problem(s); nothing was imported`, { errors: problems.map((problem) => formatImportProblem(request.file, problem)) });
  }
  await insertAll(deps.store, request.spaceId, parsed.connectors.map((connector) => ({ ...connector, config: deps.registry.withDefaults(connector.connectorTypeId, connector.config) })));
  if (parsed.connectors.length > 0) await deps.store.bumpSerial(request.spaceId);
  const time = (deps.now ?? (() => new Date()))().toISOString();
  for (const connector of parsed.connectors) await deps.store.appendEvent(importEvent(request, connector, time));
  return {
    spaceId: request.spaceId,
    imported: parsed.connectors.map(({ id, name, connectorTypeId, isMissingSecrets }) => ({ id, name, connectorTypeId, isMissingSecrets })),
    warnings: importWarnings(parsed.connectors, parsed.warnings),
  };
}

/** Kibana ids are unique across spaces: an id the store already holds anywhere is a problem on its line. */
async function existingIdProblems(store: Store, connectors: ImportedConnector[]): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  for (const connector of connectors) {
    const space = await store.embeddedConnectors.findSpaceOf(connector.id);
    if (space !== null) problems.push({ line: connector.line, pointer: '/id', message: `a connector with id ${connector.id} already exists in space "${space}"; expected a new id` });
  }
  return problems;
}

/**
 * Inserts every connector (config with the type's defaults, as the embedded target stores any
 * connector, so a GET answers as Kibana would); if one insert fails (a race with another writer), removes the ones already in, so the import stays all or nothing. */
async function insertAll(store: Store, spaceId: string, connectors: ImportedConnector[]): Promise<void> {
  const inserted: string[] = [];
  try {
    for (const connector of connectors) {
      await store.embeddedConnectors.insert({
        spaceId,
        id: connector.id,
        name: connector.name,
        connectorTypeId: connector.connectorTypeId,
        config: connector.config,
        secrets: new SecretValue({}),
        isMissingSecrets: connector.isMissingSecrets,
      });
      inserted.push(connector.id);
    }
  } catch (error) {
    for (const id of inserted) await store.embeddedConnectors.delete(spaceId, id);
    throw error;
  }
}

function importEvent(request: ImportRequest, connector: ImportedConnector, time: string): KcrEvent {
  const missing = connector.isMissingSecrets ? '; its secrets are missing until a plan or an update sets them' : '';
  const event: KcrEvent = {
    time,
    actor: request.actor.name,
    action: 'connector.import',
    outcome: 'success',
    space_id: request.spaceId,
    connector_id: connector.id,
    origin: 'cli',
    message: `imported connector "${connector.name}" (${connector.connectorTypeId}) from ${request.file}${missing}`,
    details: { file: request.file, line: connector.line, is_missing_secrets: connector.isMissingSecrets },
  };
  return event;
}

function importWarnings(connectors: ImportedConnector[], notes: string[]): ImportResult['warnings'] {
  const missing = connectors.filter((connector) => connector.isMissingSecrets).length;
  const warnings: ImportResult['warnings'] = notes.map((message) => ({ type: 'simple', message }));
  if (missing > 0) warnings.unshift({ type: 'action_required', message: `${missing} connector(s) have sensitive information that require updates.` });
  return warnings;
}
