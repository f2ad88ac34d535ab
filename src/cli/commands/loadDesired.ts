import type { ConnectorTypes } from '../../connector-types/types.js';
import type { KcrConfig } from '../../config/types.js';
import { KcrError } from '../../errors.js';
import type { DesiredConnectorInput } from '../../model/desired.js';
import { formatManifestError, loadManifestPaths, type ParsedManifestCache } from '../../reconciler/manifests/index.js';
import type { CliIo } from '../io.js';
import { connectorTypesFor } from '../runtime.js';

/**
 * Loads and validates the manifests under `paths` for a command. Every problem of the run
 * becomes one line of a MANIFEST_INVALID error (file, document, JSON pointer, expectation).
 * Types are judged by `registry`, by default the runtime's: kcr's own (offline) for the embedded
 * target, the target Kibana's own list for the kibana target.
 */
export async function loadDesired(
  paths: string[],
  config: KcrConfig,
  io: CliIo,
  { registry, parseCache }: { registry?: ConnectorTypes; parseCache?: ParsedManifestCache } = {},
): Promise<{ connectors: DesiredConnectorInput[]; files: string[] }> {
  if (paths.length === 0) throw new KcrError('BAD_REQUEST', 'no manifest path given: pass one or more files or directories');
  const result = await loadManifestPaths(paths, { registry: registry ?? (await connectorTypesFor(config, io)), settings: config.actions, env: io.env, cwd: io.cwd, parseCache });
  if (!result.ok) {
    const lines = result.errors.map((error) => formatManifestError(error));
    throw new KcrError('MANIFEST_INVALID', lines.join('\n'), {
      errors: result.errors.map((error) => ({ path: `${error.file}[${error.document}]${error.pointer}`, message: error.message })),
    });
  }
  return { connectors: result.connectors, files: result.files };
}
