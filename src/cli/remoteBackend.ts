import { KcrError } from '../errors.js';
import type { ApplyRecord } from '../model/apply.js';
import type { Plan } from '../model/plan.js';
import type { PlanCommandRequest, ReconcilerBackend } from './backend.js';
import type { CliIo } from './io.js';

/** The backend over a running kcr's reconciler API (`--server URL`). */
export class RemoteBackend implements ReconcilerBackend {
  constructor(
    private readonly baseUrl: string,
    private readonly io: CliIo,
  ) {}

  plan(_request: PlanCommandRequest): Promise<Plan> {
    return Promise.reject(this.notYet());
  }

  apply(_planId: string): Promise<ApplyRecord> {
    return Promise.reject(this.notYet());
  }

  getPlan(_planId: string): Promise<Plan> {
    return Promise.reject(this.notYet());
  }

  getApply(_applyId: string): Promise<ApplyRecord> {
    return Promise.reject(this.notYet());
  }

  listPlans(_limit: number): Promise<Plan[]> {
    return Promise.reject(this.notYet());
  }

  listApplies(_limit: number): Promise<ApplyRecord[]> {
    return Promise.reject(this.notYet());
  }

  async close(): Promise<void> {}

  private notYet(): KcrError {
    return new KcrError('BAD_REQUEST', `--server ${this.baseUrl}: remote mode is not available yet`);
  }
}
