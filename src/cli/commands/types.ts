import { createConnectorTypeRegistry } from '../../connector-types/ConnectorTypeRegistry.js';
import { renderConnectorTypes } from '../../connector-types/renderTypesTable.js';
import { EXIT, type CliIo, type GlobalOptions, writeJson } from '../io.js';

/** `kcr types`: every registered connector type, grouped by category. */
export async function typesCommand(globals: GlobalOptions, io: CliIo): Promise<number> {
  const types = createConnectorTypeRegistry().list();
  if (globals.json) writeJson(io, types);
  else io.stdout.write(renderConnectorTypes(types));
  return EXIT.OK;
}
