import type { Plan } from '../../model/plan.js';
import { renderDriftText } from '../../reconciler/drift/index.js';
import { EXIT, type CliIo, type GlobalOptions, writeJson } from '../io.js';
import { RemoteBackend } from '../remoteBackend.js';
import { withRuntime } from '../runtime.js';

export interface DriftOptions {
  set: string;
  space: string[];
  detailedExitcode?: boolean;
}

/**
 * `kcr drift [--set S] [--space ID]... [--detailed-exitcode]`: the refresh-only plan of a set,
 * what changed outside it, classified; nothing is stored or applied. Exit 0, or with
 * --detailed-exitcode 0 no drift and 2 drift; 1 on error.
 */
export async function driftCommand(options: DriftOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  const report = await readDrift(options, globals, io);
  if (globals.json) writeJson(io, report);
  else io.stdout.write(renderDriftText(report));
  return options.detailedExitcode && report.has_changes ? EXIT.CHANGES : EXIT.OK;
}

async function readDrift(options: DriftOptions, globals: GlobalOptions, io: CliIo): Promise<Plan> {
  const server = globals.server ?? io.env.KCR_SERVER;
  if (!server) return withRuntime(io, globals, (runtime) => runtime.service.drift(options.set, options.space));
  const remote = new RemoteBackend(server, io);
  try {
    return await remote.drift(options.set, options.space);
  } finally {
    await remote.close();
  }
}
