import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { KcrError } from '../../errors.js';
import type { ApplyRecord } from '../../model/apply.js';
import type { Plan } from '../../model/plan.js';
import { canonicalStringify } from '../../model/canonicalJson.js';
import { withBackend } from '../backend.js';
import type { ReconcilerBackend } from '../reconcilerBackend.js';
import { EXIT, type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { createProgressBar } from '../progressBar.js';
import { readConfig } from '../runtime.js';
import { loadDesired } from './loadDesired.js';
import { printPlan, type PlanOptions } from './plan.js';

export interface ApplyOptions extends Omit<PlanOptions, 'out' | 'detailedExitcode'> {
  plan?: string;
  autoApprove?: boolean;
}

/** `kcr apply PATH... --auto-approve` (plan and apply) or `kcr apply --plan ID|FILE`. Exit 0 applied, 1 error, stale or partial. */
export async function applyCommand(paths: string[], options: ApplyOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  if (options.plan && paths.length > 0) throw new KcrError('BAD_REQUEST', 'give either manifest paths or --plan, not both');
  if (options.plan) {
    const planId = readPlanReference(options.plan, io);
    return withBackend(io, globals, async (backend) => {
      if (existsSync(resolve(io.cwd, options.plan!))) await assertPlanFileMatches(backend, planId, resolve(io.cwd, options.plan!));
      return runApply(backend, planId, globals, io);
    });
  }
  const config = readConfig(io, globals);
  return withBackend(io, globals, async (backend) => {
    const { connectors } = await loadDesired(paths, config, io, { parseCache: backend.manifestCache(config) });
    const plan = await backend.plan({ set: options.set, desired: connectors, spaces: options.space, allowEmpty: Boolean(options.allowEmpty), maxDeletes: options.maxDeletes });
    if (!globals.json) printPlan(plan, globals, io);
    if (!plan.applyable) {
      if (globals.json) writeJson(io, { plan, apply: null });
      return EXIT.ERROR;
    }
    if (!options.autoApprove && !(await confirm(io))) {
      writeLine(io.stderr, 'Apply cancelled: only "yes" is accepted (or pass --auto-approve).');
      return EXIT.ERROR;
    }
    return runApply(backend, plan.plan_id, globals, io, plan);
  });
}

async function runApply(backend: ReconcilerBackend, planId: string, globals: GlobalOptions, io: CliIo, plan?: Plan): Promise<number> {
  const bar = createProgressBar(io.stderr, 'Applying');
  let record: ApplyRecord;
  try {
    record = await backend.apply(planId, bar.update);
  } finally {
    bar.end();
  }
  if (globals.json) writeJson(io, plan ? { plan, apply: record } : record);
  else printApply(record, io);
  return record.status === 'succeeded' ? EXIT.OK : EXIT.ERROR;
}

/** Terraform-like closing lines; every failure on stderr with its connector and reason. */
export function printApply(record: ApplyRecord, io: CliIo): void {
  const count = (kinds: string[]) => record.operations.filter((op) => op.outcome === 'succeeded' && kinds.includes(op.kind)).length;
  for (const op of record.operations) {
    if (op.outcome === 'failed') writeLine(io.stderr, `Error: ${op.kind} ${op.space_id}/${op.connector_id} (${op.name}) failed: ${op.error?.message ?? 'unknown error'}`);
  }
  const replaced = count(['replace']);
  const totals = `${count(['create']) + replaced} added, ${count(['update'])} changed, ${count(['delete']) + replaced} destroyed, ${count(['forget'])} forgotten`;
  const { succeeded, failed, skipped } = record.summary;
  if (record.status === 'succeeded') writeLine(io.stdout, `Apply complete! Connectors: ${totals}. (apply ${record.apply_id})`);
  else writeLine(io.stdout, `Apply ${record.status}: ${succeeded} succeeded, ${failed} failed, ${skipped} skipped. Connectors: ${totals}. (apply ${record.apply_id}) Re-plan to converge.`);
}

/** A plan id, or the plan_id inside a plan file written by `kcr plan --out`. */
function readPlanReference(reference: string, io: CliIo): string {
  const path = resolve(io.cwd, reference);
  if (!existsSync(path)) return reference;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { plan_id?: unknown };
    if (typeof parsed.plan_id !== 'string') throw new Error('no plan_id');
    return parsed.plan_id;
  } catch {
    throw new KcrError('PLAN_FILE_MISMATCH', `${reference}: not a kcr plan file (expected the JSON written by kcr plan --out, with a plan_id)`);
  }
}

/** A plan file must be the stored plan unchanged: apply runs what was reviewed, or nothing. */
async function assertPlanFileMatches(backend: ReconcilerBackend, planId: string, path: string): Promise<void> {
  const fromFile = JSON.parse(readFileSync(path, 'utf8')) as Plan;
  const stored = await backend.getPlan(planId);
  if (canonicalStringify(fromFile.resource_changes) !== canonicalStringify(stored.resource_changes) || fromFile.desired_digest !== stored.desired_digest) {
    throw new KcrError('PLAN_FILE_MISMATCH', `${path}: the file differs from stored plan ${planId}; apply by id or re-plan`);
  }
}

async function confirm(io: CliIo): Promise<boolean> {
  if (!io.stdin.isTTY) throw new KcrError('BAD_REQUEST', 'apply needs --auto-approve when not run on a terminal (or apply a reviewed plan with --plan)');
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await rl.question('\nDo you want to perform these actions? Only "yes" will be accepted: ');
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
