import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plan } from '../../model/plan.js';
import { renderPlanMarkdown, renderPlanText } from '../../reconciler/plan/index.js';
import { withBackend } from '../backend.js';
import { EXIT, type CliIo, type GlobalOptions, useColor, writeJson, writeLine } from '../io.js';
import { readConfig } from '../runtime.js';
import { loadDesired } from './loadDesired.js';

export interface PlanOptions {
  set: string;
  out?: string;
  detailedExitcode?: boolean;
  allowEmpty?: boolean;
  maxDeletes?: number;
  space: string[];
  /** `text` (default, Terraform's form) or `markdown` (a pull-request comment). */
  format?: 'text' | 'markdown';
}

/** `kcr plan PATH...`: plans, stores the plan, prints it. Exit 0 ok (with --detailed-exitcode: 0 none, 2 changes), 1 error. */
export async function planCommand(paths: string[], options: PlanOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  const config = readConfig(io, globals);
  const plan = await withBackend(io, globals, async (backend) => {
    const { connectors } = await loadDesired(paths, config, io, { parseCache: backend.manifestCache(config) });
    return backend.plan({ set: options.set, desired: connectors, spaces: options.space, allowEmpty: Boolean(options.allowEmpty), maxDeletes: options.maxDeletes });
  });
  if (options.out) writeFileSync(resolve(io.cwd, options.out), `${JSON.stringify(plan, null, 2)}\n`, { mode: 0o600 });
  if (options.format === 'markdown' && !globals.json) io.stdout.write(renderPlanMarkdown(plan));
  else printPlan(plan, globals, io);
  if (!globals.json && options.format !== 'markdown' && plan.applyable && plan.has_changes) {
    writeLine(io.stdout, `Saved the plan as ${plan.plan_id}. To apply exactly this plan: kcr apply --plan ${plan.plan_id}`);
  }
  if (!plan.applyable) return EXIT.ERROR;
  if (options.detailedExitcode && plan.has_changes) return EXIT.CHANGES;
  return EXIT.OK;
}

/** Prints a plan in the human form (or JSON), then its errors on stderr, one line each. */
export function printPlan(plan: Plan, globals: GlobalOptions, io: CliIo): void {
  if (globals.json) writeJson(io, plan);
  else {
    io.stdout.write(renderPlanText(plan, { color: useColor(io, globals) }));
    writeLine(io.stdout);
  }
  for (const error of plan.errors) writeLine(io.stderr, `Error: ${error.address ? `${error.address}: ` : ''}${error.message}`);
}
