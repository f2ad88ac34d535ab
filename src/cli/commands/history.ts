import { withBackend } from '../backend.js';
import { EXIT, type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';

/** `kcr history`: recent plans and applies, newest first. */
export async function historyCommand(options: { limit: number }, globals: GlobalOptions, io: CliIo): Promise<number> {
  return withBackend(io, globals, async (backend) => {
    const [plans, applies] = await Promise.all([backend.listPlans(options.limit), backend.listApplies(options.limit)]);
    if (globals.json) {
      writeJson(io, { plans, applies });
      return EXIT.OK;
    }
    writeLine(io.stdout, 'Plans:');
    if (plans.length === 0) writeLine(io.stdout, '  (none)');
    for (const plan of plans) {
      const s = plan.summary;
      const state = plan.applyable ? (plan.has_changes ? 'changes' : 'no changes') : `${plan.errors.length} error(s)`;
      writeLine(io.stdout, `  ${plan.created_at}  ${plan.plan_id}  set=${plan.set}  +${s.create} ~${s.update} -/+${s.replace} -${s.delete} forget=${s.forget}  ${state}`);
    }
    writeLine(io.stdout, 'Applies:');
    if (applies.length === 0) writeLine(io.stdout, '  (none)');
    for (const apply of applies) {
      const s = apply.summary;
      writeLine(io.stdout, `  ${apply.started_at}  ${apply.apply_id}  plan=${apply.plan_id}  set=${apply.set}  ${apply.status}  ok=${s.succeeded} failed=${s.failed} skipped=${s.skipped}  by ${apply.actor}`);
    }
    return EXIT.OK;
  });
}
