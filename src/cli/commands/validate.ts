import { KcrError } from '../../errors.js';
import { EXIT, type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { readConfig } from '../runtime.js';
import { loadDesired } from './loadDesired.js';

/** `kcr validate PATH...`: checks manifests offline; 0 valid, 1 invalid. */
export async function validateCommand(paths: string[], options: GlobalOptions, io: CliIo): Promise<number> {
  const config = readConfig(io, options);
  try {
    const { connectors, files } = await loadDesired(paths, config, io);
    if (options.json) writeJson(io, { valid: true, files: files.length, connectors: connectors.length, errors: [] });
    else writeLine(io.stdout, `Valid: ${connectors.length} connector(s) in ${files.length} file(s).`);
    return EXIT.OK;
  } catch (error) {
    if (options.json && error instanceof KcrError && error.code === 'MANIFEST_INVALID') {
      writeJson(io, { valid: false, errors: error.errors ?? [] });
      writeLine(io.stderr, error.message);
      return EXIT.ERROR;
    }
    throw error;
  }
}
