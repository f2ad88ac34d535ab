import { readExportConnectors, toManifests, toSavedObjectsNdjson, toTerraform, type ExportState } from '../../reconciler/export/index.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import { KcrError } from '../../errors.js';
import { EXIT, type CliIo, type GlobalOptions, writeLine } from '../io.js';
import { withRuntime } from '../runtime.js';

export const EXPORT_FORMATS = ['manifests', 'ndjson', 'terraform'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  space: string;
  format: ExportFormat;
}

/**
 * `kcr export --space ID [--format manifests|ndjson|terraform]`: the space's connectors (never
 * preconfigured ones) on stdout, as kcr manifests with `${env:...}` secret placeholders, a Kibana
 * saved-objects NDJSON, or Terraform HCL with import blocks. No format carries a secret value.
 */
export async function exportCommand(options: ExportOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  if (globals.server ?? io.env.KCR_SERVER) {
    throw new KcrError('BAD_REQUEST', 'kcr export reads the store directly; run it without --server (and KCR_SERVER) where the data directory is');
  }
  const output = await withRuntime(io, globals, async (runtime) => {
    const state = await readExportConnectors(runtime.target, runtime.store, options.space);
    return render(options, state, runtime.registry);
  });
  io.stdout.write(output.text);
  for (const warning of output.warnings) writeLine(io.stderr, `Warning: ${warning}`);
  return EXIT.OK;
}

function render(options: ExportOptions, state: ExportState, registry: ConnectorTypes): { text: string; warnings: string[] } {
  if (options.format === 'ndjson') return { text: toSavedObjectsNdjson(state.connectors, registry, { exportedAt: new Date().toISOString() }), warnings: [] };
  // Both the manifest and the Terraform forms need UUID ids; the manifest renderer names the ones that are not.
  const { yaml, envVars, warnings } = toManifests(state.connectors, state.inventory, registry);
  if (options.format === 'terraform') return { text: toTerraform(state.connectors, registry, state.inventory), warnings };
  return { text: `${manifestsHeader(options.space, state.connectors.length, envVars)}${yaml}`, warnings };
}

/** What a reader needs before planning the export: which variables to set, and what setting them does. */
function manifestsHeader(spaceId: string, count: number, envVars: string[]): string {
  const lines = [`kcr export: ${count} connector(s) of space ${spaceId}. kcr never exports secret values.`];
  if (envVars.length > 0) {
    lines.push(
      'Secrets are ${env:...} placeholders: set these variables before kcr validate/plan:',
      ...envVars.map((name) => `  ${name}`),
      'A connector whose secrets kcr never saw (created in Kibana, imported) plans as secrets_changed once they are set.',
    );
  }
  return `${lines.map((line) => `# ${line}`).join('\n')}\n${count > 0 ? '---\n' : ''}`;
}
