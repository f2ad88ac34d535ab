import type { Database, Statement } from 'better-sqlite3';
import { KcrError } from '../../errors.js';
import type { JsonObject } from '../../model/json.js';
import { planHead, type Plan, type PlanHead, type PlannedOperation, type StoredPlan } from '../../model/plan.js';
import { SecretValue } from '../../secrets/SecretValue.js';
import type { PlanListFilter } from '../Store.js';
import { PLAN_BODY_ENCODING, decodePlanBody, encodePlanBody } from './planBodies.js';
import type { StoreKeys } from './storeKeys.js';
import { StatementCache, pageOf, whereClause } from './sqlQuery.js';

interface PlanRecord {
  plan_id: string;
  set_name: string;
  created_at: string;
  has_changes: number;
  spaces: string;
  /** JSON text or deflated JSON, as `body_encoding` says (planBodies.ts). */
  plan: string | Buffer;
  operations: string | Buffer;
  body_encoding: string;
  /** The plan without its resource changes (migration 4); null on older rows. */
  head: string | null;
  secrets_ciphertext: string;
  applied_at: string | null;
  apply_id: string | null;
}

/** AAD of a plan's secrets payload. */
export function planAad(planId: string): string {
  return `plan:${planId}`;
}

/** Stored plans: the public plan JSON, its operations and its encrypted secrets payload. */
export class SqlitePlans {
  readonly #queries: StatementCache;
  readonly #db: Database;
  readonly #keys: StoreKeys;
  readonly #insert: Statement<PlanRecord>;
  readonly #get: Statement<[string]>;
  readonly #claim: Statement<[string, string, string]>;

  constructor(db: Database, keys: StoreKeys) {
    this.#queries = new StatementCache(db);
    this.#db = db;
    this.#keys = keys;
    this.#insert = db.prepare(`INSERT INTO plans (plan_id, set_name, created_at, has_changes, spaces, plan, operations, body_encoding, head, secrets_ciphertext, applied_at, apply_id)
      VALUES (@plan_id, @set_name, @created_at, @has_changes, @spaces, @plan, @operations, @body_encoding, @head, @secrets_ciphertext, @applied_at, @apply_id)`);
    this.#get = db.prepare('SELECT * FROM plans WHERE plan_id = ?');
    this.#claim = db.prepare('UPDATE plans SET applied_at = ?, apply_id = ? WHERE plan_id = ? AND applied_at IS NULL');
  }

  save(stored: StoredPlan, secrets: SecretValue<JsonObject>[]): void {
    const { plan } = stored;
    const payload = JSON.stringify(secrets.map((secret) => secret.reveal()));
    const record: PlanRecord = {
      plan_id: plan.plan_id, set_name: plan.set, created_at: plan.created_at, has_changes: plan.has_changes ? 1 : 0,
      spaces: JSON.stringify(plan.spaces), plan: encodePlanBody(plan), operations: encodePlanBody(stored.operations), body_encoding: PLAN_BODY_ENCODING,
      head: JSON.stringify(planHead(plan)), secrets_ciphertext: this.#keys.cipher.encrypt(payload, planAad(plan.plan_id)), applied_at: stored.appliedAt, apply_id: stored.applyId,
    };
    // Refused if another process rotated the key meanwhile (see StoreKeys.assertCurrent).
    this.#db.transaction(() => {
      this.#keys.assertCurrent();
      this.#insert.run(record);
    }).immediate();
  }

  get(planId: string): StoredPlan | null {
    const record = this.#get.get(planId) as PlanRecord | undefined;
    if (!record) return null;
    return {
      plan: decodePlanBody<Plan>(record.plan, record.body_encoding),
      operations: decodePlanBody<PlannedOperation[]>(record.operations, record.body_encoding),
      appliedAt: record.applied_at,
      applyId: record.apply_id,
    };
  }

  getSecrets(planId: string): SecretValue<JsonObject>[] {
    const record = this.#get.get(planId) as PlanRecord | undefined;
    if (!record) throw new KcrError('PLAN_NOT_FOUND', `no stored plan ${planId}`, { attributes: { plan_id: planId } });
    const payload = JSON.parse(this.#keys.cipher.decrypt(record.secrets_ciphertext, planAad(planId))) as JsonObject[];
    return payload.map((secrets) => new SecretValue(secrets));
  }

  /** Marks the plan applied by `applyId`; only the first claim wins (the caller runs it in an IMMEDIATE transaction). */
  claim(planId: string, applyId: string, at: string): void {
    if (this.#claim.run(at, applyId, planId).changes === 1) return;
    const existing = this.#get.get(planId) as PlanRecord | undefined;
    if (!existing) throw new KcrError('PLAN_NOT_FOUND', `no stored plan ${planId}`, { attributes: { plan_id: planId } });
    throw new KcrError('PLAN_ALREADY_APPLIED', `plan ${planId} was already applied (apply ${existing.apply_id}); a plan applies at most once`, {
      attributes: { plan_id: planId, apply_id: existing.apply_id },
    });
  }

  /** Newest first, with the total count of matches for pagination. */
  list(filter: PlanListFilter = {}): { items: Plan[]; total: number } {
    const { sql, params, limit, offset, total } = this.#page(filter);
    const rows = this.#queries
      .get(`SELECT plan, body_encoding FROM plans ${sql} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Array<Pick<PlanRecord, 'plan' | 'body_encoding'>>;
    return { items: rows.map((row) => decodePlanBody<Plan>(row.plan, row.body_encoding)), total };
  }

  /** Like `list`, without resource changes: only rows from before migration 4 are decoded whole. */
  listHeads(filter: PlanListFilter = {}): { items: PlanHead[]; total: number } {
    const { sql, params, limit, offset, total } = this.#page(filter);
    const rows = this.#queries
      .get(`SELECT head, CASE WHEN head IS NULL THEN plan END AS plan, body_encoding FROM plans ${sql} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Array<Pick<PlanRecord, 'head' | 'plan' | 'body_encoding'>>;
    return { items: rows.map((row) => (row.head !== null ? (JSON.parse(row.head) as PlanHead) : planHead(decodePlanBody<Plan>(row.plan, row.body_encoding)))), total };
  }

  #page(filter: PlanListFilter): { sql: string; params: unknown[]; limit: number; offset: number; total: number } {
    const { sql, params } = whereClause([
      ['set_name = ?', filter.set],
      ['EXISTS (SELECT 1 FROM json_each(plans.spaces) WHERE json_each.value = ?)', filter.space],
      ['has_changes = ?', filter.hasChanges === undefined ? undefined : filter.hasChanges ? 1 : 0],
      ['created_at >= ?', filter.since],
      ['created_at <= ?', filter.until],
    ]);
    const { limit, offset } = pageOf(filter);
    const total = (this.#queries.get(`SELECT count(*) AS n FROM plans ${sql}`).get(...params) as { n: number }).n;
    return { sql, params, limit, offset, total };
  }
}
