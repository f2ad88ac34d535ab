import type { Client } from '@elastic/elasticsearch';
import { KcrError } from '../../errors.js';
import type { JsonObject } from '../../model/json.js';
import { planHead, type Plan, type PlanHead, type PlannedOperation, type StoredPlan } from '../../model/plan.js';
import { SecretValue } from '../../secrets/SecretValue.js';
import { PLAN_BODY_ENCODING, decodePlanBody, encodePlanBody } from '../sqlite/planBodies.js';
import type { PlanListFilter } from '../Store.js';
import { esCall, isConflict, type MonotonicIds } from './esCalls.js';
import { filterOf, pageOf, range, searchPage, term } from './esSearch.js';
import type { EsKeys } from './EsKeys.js';

interface PlanDoc {
  plan_id: string;
  set_name: string;
  created_at: string;
  has_changes: boolean;
  spaces: string[];
  body_encoding: string;
  /** Base64 of the deflated plan JSON (a binary field: stored, never indexed). */
  plan_body: string;
  operations_body: string;
  head: PlanHead;
  secrets_ciphertext: string;
  saved_seq: number;
}

/** The same AAD as SQLite's plans (sqlite/SqlitePlans.ts). */
export function planAad(planId: string): string {
  return `plan:${planId}`;
}

/**
 * Stored plans in `<prefix>-plans`, one document each, created once (op_type create). The plan
 * and its operations are deflated exactly as in SQLite (sqlite/planBodies.ts): a plan of 10,000
 * connectors is under a megabyte, in binary fields Elasticsearch keeps but never indexes. The
 * head (the plan without resource changes) is a plain object, readable in Discover. Whether a
 * plan was applied is not written here: it is the existence of its apply document (EsApplies).
 */
export class EsPlans {
  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly keys: EsKeys,
    private readonly ids: MonotonicIds,
  ) {}

  async save(stored: StoredPlan, secrets: SecretValue<JsonObject>[]): Promise<void> {
    const { plan } = stored;
    const payload = JSON.stringify(secrets.map((secret) => secret.reveal()));
    const doc: PlanDoc = {
      plan_id: plan.plan_id, set_name: plan.set, created_at: plan.created_at, has_changes: plan.has_changes, spaces: plan.spaces,
      body_encoding: PLAN_BODY_ENCODING, plan_body: encodePlanBody(plan).toString('base64'), operations_body: encodePlanBody(stored.operations).toString('base64'),
      head: planHead(plan), secrets_ciphertext: this.keys.cipher.encrypt(payload, planAad(plan.plan_id)), saved_seq: this.ids.next(),
    };
    // Plan ids are unique; a create sent twice (a retry after a lost answer) finds its own plan there.
    await esCall('save a plan', () => this.client.create({ index: this.index, id: plan.plan_id, document: doc }), { idempotent: true, passThrough: isConflict }).catch(
      (error) => {
        if (!isConflict(error)) throw error;
      },
    );
  }

  async get(planId: string): Promise<{ plan: Plan; operations: PlannedOperation[] } | null> {
    const doc = await this.#read(planId, ['plan_body', 'operations_body', 'body_encoding']);
    if (!doc) return null;
    return {
      plan: decodePlanBody<Plan>(Buffer.from(doc.plan_body, 'base64'), doc.body_encoding),
      operations: decodePlanBody<PlannedOperation[]>(Buffer.from(doc.operations_body, 'base64'), doc.body_encoding),
    };
  }

  async exists(planId: string): Promise<boolean> {
    return (await this.#read(planId, ['plan_id'])) !== null;
  }

  async getSecrets(planId: string): Promise<SecretValue<JsonObject>[]> {
    const doc = await this.#read(planId, ['secrets_ciphertext']);
    if (!doc) throw new KcrError('PLAN_NOT_FOUND', `no stored plan ${planId}`, { attributes: { plan_id: planId } });
    const payload = JSON.parse(this.keys.cipher.decrypt(doc.secrets_ciphertext, planAad(planId))) as JsonObject[];
    return payload.map((secrets) => new SecretValue(secrets));
  }

  async list(filter: PlanListFilter = {}): Promise<{ items: Plan[]; total: number }> {
    const { hits, total } = await this.#page(filter, ['plan_body', 'body_encoding']);
    return { items: hits.map((doc) => decodePlanBody<Plan>(Buffer.from(doc.plan_body, 'base64'), doc.body_encoding)), total };
  }

  async listHeads(filter: PlanListFilter = {}): Promise<{ items: PlanHead[]; total: number }> {
    const { hits, total } = await this.#page(filter, ['head']);
    return { items: hits.map((doc) => doc.head), total };
  }

  #page(filter: PlanListFilter, source: Array<keyof PlanDoc>): Promise<{ hits: PlanDoc[]; total: number }> {
    const query = filterOf([
      term('set_name', filter.set), term('spaces', filter.space), term('has_changes', filter.hasChanges), range('created_at', filter.since, filter.until),
    ]);
    return searchPage<PlanDoc>(this.client, 'list plans', { index: this.index, query, sort: [{ created_at: 'desc' }, { saved_seq: 'desc' }], ...pageOf(filter), source });
  }

  async #read(planId: string, fields: Array<keyof PlanDoc>): Promise<PlanDoc | null> {
    const response = await esCall('read a plan', () => this.client.get<PlanDoc>({ index: this.index, id: planId, _source_includes: fields }, { ignore: [404] }), {
      idempotent: true,
    });
    return response.found && response._source ? response._source : null;
  }
}
