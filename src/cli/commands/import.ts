import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KcrError } from '../../errors.js';
import { LOCAL_CLI_ACTOR } from '../../model/events.js';
import { importConnectors, type ImportResult } from '../../reconciler/importConnectors.js';
import { EXIT, type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { withRuntime } from '../runtime.js';

export interface ImportOptions {
  space: string;
}

/** Where Kibana sends a user to fix connectors that lack secrets (its import warning's action path). */
const CONNECTORS_ACTION_PATH = '/app/management/insightsAndAlerting/triggersActionsConnectors';

/**
 * `kcr import FILE.ndjson [--space ID]`: loads a Kibana saved-objects export into a space of the
 * embedded target, all or nothing. Connectors come in without secrets (`is_missing_secrets: true`);
 * exit 1 with every problem (line and JSON pointer) and nothing written when the file is invalid.
 */
export async function importCommand(file: string, options: ImportOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  if (globals.server ?? io.env.KCR_SERVER) {
    throw new KcrError('BAD_REQUEST', 'kcr import writes the store directly; run it without --server (and KCR_SERVER) where the data directory is');
  }
  const text = await readImportFile(file, io.cwd);
  const result = await withRuntime(io, globals, (runtime) =>
    importConnectors(
      { store: runtime.store, target: runtime.target, registry: runtime.registry, config: runtime.config },
      { spaceId: options.space, text, file, actor: LOCAL_CLI_ACTOR },
    ),
  );
  if (globals.json) writeJson(io, kibanaStyleAnswer(result));
  else renderResult(result, io);
  return EXIT.OK;
}

async function readImportFile(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new KcrError('BAD_REQUEST', `cannot read ${file}: ${reason}`);
  }
}

function renderResult(result: ImportResult, io: CliIo): void {
  writeLine(io.stdout, `Imported ${result.imported.length} connector(s) into space ${result.spaceId}.`);
  for (const connector of result.imported) {
    writeLine(io.stdout, `  + ${connector.name} (${connector.connectorTypeId}) ${connector.id}${connector.isMissingSecrets ? '  [missing secrets]' : ''}`);
  }
  for (const warning of result.warnings) writeLine(io.stderr, `Warning: ${warning.message}`);
  if (result.imported.some((connector) => connector.isMissingSecrets)) {
    writeLine(io.stderr, `  Give them secrets with manifests (kcr export --space ${result.spaceId}, set the KCR_* variables, kcr apply) or PUT /api/actions/connector/{id}.`);
  }
}

/** The shape of Kibana's `_import` answer, so scripts written for Kibana can read it. */
function kibanaStyleAnswer(result: ImportResult): unknown {
  return {
    success: true,
    successCount: result.imported.length,
    successResults: result.imported.map((connector) => ({ type: 'action', id: connector.id, meta: { title: connector.name }, is_missing_secrets: connector.isMissingSecrets })),
    warnings: result.warnings.map((warning) => (warning.type === 'action_required' ? { ...warning, actionPath: CONNECTORS_ACTION_PATH } : warning)),
  };
}
