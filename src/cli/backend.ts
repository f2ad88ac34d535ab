import type { ApplyRecord } from '../model/apply.js';
import type { DesiredConnectorInput } from '../model/desired.js';
import { LOCAL_CLI_ACTOR } from '../model/events.js';
import type { Plan } from '../model/plan.js';
import type { CliIo, GlobalOptions } from './io.js';
import { openRuntime, type Runtime } from './runtime.js';

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
  listPlans(limit: number): Promise<Plan[]>;
  listApplies(limit: number): Promise<ApplyRecord[]>;
  close(): Promise<void>;
}

/** The backend over the local store and target. */
export class LocalBackend implements ReconcilerBackend {
  constructor(private readonly runtime: Runtime) {}

  async plan(request: PlanCommandRequest): Promise<Plan> {
    const stored = await this.runtime.service.plan({ ...request, actor: LOCAL_CLI_ACTOR });
    return stored.plan;
  }

  apply(planId: string, onProgress?: (done: number, total: number) => void): Promise<ApplyRecord> {
    return this.runtime.service.apply(planId, { actor: LOCAL_CLI_ACTOR, onProgress });
  }

  async getPlan(planId: string): Promise<Plan> {
    return (await this.runtime.service.requirePlan(planId)).plan;
  }

  getApply(applyId: string): Promise<ApplyRecord> {
    return this.runtime.service.requireApply(applyId);
  }

  async listPlans(limit: number): Promise<Plan[]> {
    return (await this.runtime.store.listPlans({ limit })).items;
  }

  async listApplies(limit: number): Promise<ApplyRecord[]> {
    return (await this.runtime.store.listApplies({ limit })).items;
  }

  close(): Promise<void> {
    return this.runtime.close();
  }
}

/** Opens the backend the global options ask for. */
export async function openBackend(io: CliIo, options: GlobalOptions): Promise<ReconcilerBackend> {
  const server = options.server ?? io.env.KCR_SERVER;
  if (server) {
    const { RemoteBackend } = await import('./remoteBackend.js');
    return new RemoteBackend(server, io);
  }
  return new LocalBackend(await openRuntime(io, options));
}

export async function withBackend<T>(io: CliIo, options: GlobalOptions, fn: (backend: ReconcilerBackend) => Promise<T>): Promise<T> {
  const backend = await openBackend(io, options);
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}
