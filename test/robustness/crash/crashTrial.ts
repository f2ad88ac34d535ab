import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { KCR_BIN, runKcr } from '../../cli/cliHarness.js';
import { serveIn, type ServedKcr } from '../servedKcr.js';
import { inspectCrashState, manifestsOf, type CrashState, type OutcomeRule, type TrialEstate } from './crashInvariants.js';
import type { CrashStore } from './crashStores.js';

export type ApplyPath = 'kcr apply' | 'HTTP apply';

/** What one trial saw: the state right after the kill, after recovery, and whether it converged. */
export interface TrialResult {
  killAt: number;
  /** Operations recorded when the process died (the apply may have finished first). */
  recordedAtKill: number;
  integrity: string;
  afterKill: CrashState;
  afterRecovery: CrashState;
  /** create + update of the re-plan (must equal the connectors not yet at the new version). */
  replanned: number;
  /** True when the plan after the finishing apply has no changes. */
  converged: boolean;
  /** The last inspection, after the finishing apply (all at the new version, nothing extra). */
  final: CrashState;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the store until `killAt` operations are recorded (or the process has ended), then SIGKILLs it. */
async function killWhenRecorded(store: CrashStore, dir: string, planId: string, killAt: number, child: { exited: () => boolean; kill: () => Promise<void> }): Promise<number> {
  let recorded = 0;
  while (!child.exited()) {
    recorded = await store.recordedOperations(dir, planId);
    if (recorded >= killAt) break;
    await sleep(3);
  }
  await child.kill();
  recorded = await store.recordedOperations(dir, planId);
  await store.closeProgress();
  return recorded;
}

async function inspect(store: CrashStore, dir: string, planId: string, estate: TrialEstate, version: number, rule: OutcomeRule): Promise<CrashState> {
  const opened = await store.open(dir);
  try {
    return await inspectCrashState(opened, planId, estate, version, rule);
  } finally {
    await opened.close();
  }
}

/** One trial through the real binary: `kcr plan`, `kcr apply --plan` killed, then `kcr plan` + `kcr apply` again. */
export async function cliTrial(store: CrashStore, dir: string, estate: TrialEstate, version: number, killAt: number): Promise<TrialResult> {
  mkdirSync(join(dir, 'm'), { recursive: true });
  writeFileSync(join(dir, 'm', 'all.yaml'), manifestsOf(estate, version).map((doc) => JSON.stringify(doc)).join('\n---\n'));
  const kcr = async (args: string[]) => {
    const run = await runKcr([...args, '--set', estate.set], { cwd: dir });
    if (run.code !== 0 && run.code !== 2) throw new Error(`kcr ${args.join(' ')} exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
    return run;
  };
  const plan = JSON.parse((await kcr(['plan', 'm', '--json'])).stdout) as { plan_id: string };
  // Opens what the progress polling reads before the apply starts, so the first poll is not late.
  await store.recordedOperations(dir, plan.plan_id);
  const child = spawn(process.execPath, [KCR_BIN, 'apply', '--plan', plan.plan_id], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const recordedAtKill = await killWhenRecorded(store, dir, plan.plan_id, killAt, {
    exited: () => child.exitCode !== null || child.signalCode !== null,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  });
  const integrity = store.integrityProblems(dir);
  const afterKill = await inspect(store, dir, plan.plan_id, estate, version, 'in-flight');
  const replan = JSON.parse((await kcr(['plan', 'm', '--json'])).stdout) as { plan_id: string; summary: Record<string, number> };
  const afterRecovery = await inspect(store, dir, plan.plan_id, estate, version, 'settled');
  if (replan.summary.create + replan.summary.update > 0) await kcr(['apply', '--plan', replan.plan_id]);
  const converged = (await runKcr(['plan', 'm', '--detailed-exitcode', '--set', estate.set], { cwd: dir })).code === 0;
  const final = await inspect(store, dir, plan.plan_id, estate, version, 'ignored');
  return { killAt, recordedAtKill, integrity, afterKill, afterRecovery, replanned: replan.summary.create + replan.summary.update, converged, final };
}

async function postJson(kcr: ServedKcr, path: string, body: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await request(`${kcr.url}${path}`, { method: 'POST', headers: { 'kbn-xsrf': 'crash', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, any> };
}

/** One trial over HTTP: `kcr serve` plans, is SIGKILLed during the apply, then a new `kcr serve` re-plans and applies. */
export async function httpTrial(store: CrashStore, dir: string, estate: TrialEstate, version: number, killAt: number): Promise<TrialResult> {
  const manifests = manifestsOf(estate, version);
  const first = await serveIn(dir);
  const plan = await postJson(first, `/api/reconciler/plans?set=${estate.set}`, { manifests });
  if (plan.status !== 201) throw new Error(`plan: ${plan.status} ${JSON.stringify(plan.body).slice(0, 2000)}`);
  const planId = String(plan.body.plan_id);
  await store.recordedOperations(dir, planId);
  // The apply's answer never comes: the server dies under it.
  const applying = postJson(first, `/api/reconciler/plans/${planId}/apply`, {}).catch(() => undefined);
  const recordedAtKill = await killWhenRecorded(store, dir, planId, killAt, {
    exited: () => first.child.exitCode !== null || first.child.signalCode !== null,
    kill: () => first.stop('SIGKILL'),
  });
  await applying;
  const integrity = store.integrityProblems(dir);
  const afterKill = await inspect(store, dir, planId, estate, version, 'in-flight');
  const second = await serveIn(dir);
  try {
    const replan = await postJson(second, `/api/reconciler/plans?set=${estate.set}`, { manifests });
    if (replan.status !== 201) throw new Error(`re-plan: ${replan.status} ${JSON.stringify(replan.body).slice(0, 2000)}`);
    const afterRecovery = await inspect(store, dir, planId, estate, version, 'settled');
    const summary = replan.body.summary as Record<string, number>;
    if (replan.body.has_changes) {
      const finished = await postJson(second, `/api/reconciler/plans/${replan.body.plan_id}/apply`, {});
      if (finished.status !== 200 || finished.body.status !== 'succeeded') throw new Error(`finishing apply: ${finished.status} ${JSON.stringify(finished.body).slice(0, 2000)}`);
    }
    const check = await postJson(second, `/api/reconciler/plans?set=${estate.set}`, { manifests });
    const final = await inspect(store, dir, planId, estate, version, 'ignored');
    return { killAt, recordedAtKill, integrity, afterKill, afterRecovery, replanned: summary.create + summary.update, converged: check.status === 201 && check.body.has_changes === false, final };
  } finally {
    await second.stop();
  }
}
