import { renderPlanText } from '../../reconciler/plan/index.js';
import { withBackend } from '../backend.js';
import { EXIT, type CliIo, type GlobalOptions, useColor, writeJson, writeLine } from '../io.js';
import { printApply } from './apply.js';

/** `kcr show ID`: a stored plan (pln_...) in human or JSON form, or an apply record (apl_...). */
export async function showCommand(id: string, globals: GlobalOptions, io: CliIo): Promise<number> {
  return withBackend(io, globals, async (backend) => {
    if (id.startsWith('apl_')) {
      const record = await backend.getApply(id);
      if (globals.json) writeJson(io, record);
      else {
        writeLine(io.stdout, `Apply ${record.apply_id} of plan ${record.plan_id} (set ${record.set}) by ${record.actor}: ${record.status}`);
        for (const op of record.operations) {
          writeLine(io.stdout, `  ${op.outcome.padEnd(11)} ${op.kind.padEnd(7)} ${op.space_id}/${op.connector_id} (${op.name})${op.error ? `: ${op.error.message}` : ''}`);
        }
        printApply(record, io);
      }
      return EXIT.OK;
    }
    const plan = await backend.getPlan(id);
    if (globals.json) writeJson(io, plan);
    else io.stdout.write(`${renderPlanText(plan, { color: useColor(io, globals) })}\n`);
    return EXIT.OK;
  });
}
