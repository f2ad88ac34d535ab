import type { KcrConfig } from '../config/types.js';
import type { ApplyRecord } from '../model/apply.js';
import type { DesiredConnectorInput } from '../model/desired.js';
import type { Plan, PlanHead } from '../model/plan.js';
import type { ParsedManifestCache } from '../reconciler/manifests/index.js';

/*
 * The contract between the CLI's state commands and what answers them: LocalBackend (backend.ts,
 * the store on this machine) and RemoteBackend (remoteBackend.ts, a running kcr over HTTP). Both
 * import it from here, so neither imports the other.
 */

export interface PlanCommandRequest {
  set: string;
  desired: DesiredConnectorInput[];
  spaces: string[];
  allowEmpty: boolean;
  maxDeletes?: number;
}

/**
 * What the CLI's state commands talk to: the local store (default) or a running kcr over HTTP
 * (`--server`). Both give the same plans, records and errors, so output and exit codes match.
 */
export interface ReconcilerBackend {
  plan(request: PlanCommandRequest): Promise<Plan>;
  apply(planId: string, onProgress?: (done: number, total: number) => void): Promise<ApplyRecord>;
  getPlan(planId: string): Promise<Plan>;
  getApply(applyId: string): Promise<ApplyRecord>;
  /** Recent plans, without their resource changes where the backend can spare them. */
  listPlans(limit: number): Promise<PlanHead[]>;
  listApplies(limit: number): Promise<ApplyRecord[]>;
  /** Where the manifest loader keeps parsed files between runs (per the command's `config`); undefined when there is none (a remote server, or turned off). */
  manifestCache(config: KcrConfig): ParsedManifestCache | undefined;
  close(): Promise<void>;
}
