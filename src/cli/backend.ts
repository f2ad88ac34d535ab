import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KcrConfig } from '../config/types.js';
import type { ApplyRecord } from '../model/apply.js';
import { LOCAL_CLI_ACTOR } from '../model/events.js';
import type { Plan, PlanHead } from '../model/plan.js';
import { StoreManifestCache, type ParsedManifestCache } from '../reconciler/manifests/index.js';
import { DATABASE_FILE_NAME } from '../store/sqlite/openDatabase.js';
import type { CliIo, GlobalOptions } from './io.js';
import type { PlanCommandRequest, ReconcilerBackend } from './reconcilerBackend.js';
import { openRuntime, type Runtime } from './runtime.js';

/**
 * The backend over the local store and target. The store is opened at first use, so a command
 * that fails before it (invalid manifests) creates no data directory.
 */
export class LocalBackend implements ReconcilerBackend {
  #opened?: Promise<Runtime>;

  constructor(
    private readonly io: CliIo,
    private readonly options: GlobalOptions,
  ) {}

  private runtime(): Promise<Runtime> {
    this.#opened ??= openRuntime(this.io, this.options);
    return this.#opened;
  }

  async plan(request: PlanCommandRequest): Promise<Plan> {
    const stored = await (await this.runtime()).service.plan({ ...request, actor: LOCAL_CLI_ACTOR });
    return stored.plan;
  }

  async apply(planId: string, onProgress?: (done: number, total: number) => void): Promise<ApplyRecord> {
    return (await this.runtime()).service.apply(planId, { actor: LOCAL_CLI_ACTOR, onProgress });
  }

  async getPlan(planId: string): Promise<Plan> {
    return (await (await this.runtime()).service.requirePlan(planId)).plan;
  }

  async getApply(applyId: string): Promise<ApplyRecord> {
    return (await this.runtime()).service.requireApply(applyId);
  }

  async listPlans(limit: number): Promise<PlanHead[]> {
    return (await (await this.runtime()).store.listPlanHeads({ limit })).items;
  }

  async listApplies(limit: number): Promise<ApplyRecord[]> {
    return (await (await this.runtime()).store.listApplies({ limit })).items;
  }

  /**
   * The store's manifest cache. It is read only when the store already exists (a first run, or
   * one with invalid manifests, opens nothing to look) and written when the run's manifests
   * were all valid, just before the plan that would create the store anyway.
   */
  manifestCache(config: KcrConfig): ParsedManifestCache | undefined {
    if (!config.manifestCache) return undefined;
    // A shared Elasticsearch store cannot be seen from here without connecting: the run opens it anyway.
    if (config.store.type === 'elasticsearch') return new StoreManifestCache(async () => (await this.runtime()).store);
    const storeExisted = existsSync(join(config.store.dataDir, DATABASE_FILE_NAME));
    return new StoreManifestCache(async (purpose) => (purpose === 'write' || storeExisted ? (await this.runtime()).store : undefined));
  }

  async close(): Promise<void> {
    const runtime = await this.#opened?.catch(() => undefined);
    await runtime?.close();
  }
}

/** Opens the backend the global options ask for. */
export async function openBackend(io: CliIo, options: GlobalOptions): Promise<ReconcilerBackend> {
  const server = options.server ?? io.env.KCR_SERVER;
  if (server) {
    const { RemoteBackend } = await import('./remoteBackend.js');
    return new RemoteBackend(server, io);
  }
  return new LocalBackend(io, options);
}

export async function withBackend<T>(io: CliIo, options: GlobalOptions, fn: (backend: ReconcilerBackend) => Promise<T>): Promise<T> {
  const backend = await openBackend(io, options);
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}
