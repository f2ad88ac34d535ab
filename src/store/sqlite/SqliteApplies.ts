import type { Database, Statement } from 'better-sqlite3';
import { KcrError } from '../../errors.js';
import type { ApplyRecord, ApplyStatus, OperationOutcome, OperationRecord } from '../../model/apply.js';
import { StatementCache, pageOf, whereClause } from './sqlQuery.js';

interface ApplyRow {
  apply_id: string;
  plan_id: string;
  set_name: string;
  target: string;
  actor: string;
  status: ApplyStatus;
  started_at: string;
  finished_at: string | null;
  spaces: string;
}

interface OperationRow {
  apply_id: string;
  op_index: number;
  kind: string;
  space_id: string;
  connector_id: string;
  name: string;
  outcome: OperationOutcome;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  attempts: string | null;
}

export interface ApplyListFilter {
  planId?: string;
  set?: string;
  status?: ApplyStatus;
  limit?: number;
  offset?: number;
}

/** Applies and their per-operation outcomes. Transactions are the caller's (SqliteStore). */
export class SqliteApplies {
  readonly #queries: StatementCache;
  readonly #insertApply: Statement<ApplyRow>;
  readonly #upsertOperation: Statement<OperationRow>;
  readonly #finish: Statement<[string, string, string]>;
  readonly #get: Statement<[string]>;
  readonly #operations: Statement<[string]>;

  constructor(db: Database) {
    this.#queries = new StatementCache(db);
    this.#insertApply = db.prepare(`INSERT INTO applies (apply_id, plan_id, set_name, target, actor, status, started_at, finished_at, spaces)
      VALUES (@apply_id, @plan_id, @set_name, @target, @actor, @status, @started_at, @finished_at, @spaces)`);
    // An upsert: recovery may record an operation the apply never wrote as pending.
    this.#upsertOperation = db.prepare(`INSERT INTO apply_operations
      (apply_id, op_index, kind, space_id, connector_id, name, outcome, error, started_at, finished_at, duration_ms, attempts)
      VALUES (@apply_id, @op_index, @kind, @space_id, @connector_id, @name, @outcome, @error, @started_at, @finished_at, @duration_ms, @attempts)
      ON CONFLICT (apply_id, op_index) DO UPDATE SET outcome = excluded.outcome, error = excluded.error, started_at = excluded.started_at,
        finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, attempts = excluded.attempts`);
    this.#finish = db.prepare('UPDATE applies SET status = ?, finished_at = ? WHERE apply_id = ?');
    this.#get = db.prepare('SELECT * FROM applies WHERE apply_id = ?');
    this.#operations = db.prepare('SELECT * FROM apply_operations WHERE apply_id = ? ORDER BY op_index');
  }

  insert(record: ApplyRecord): void {
    this.#insertApply.run({
      apply_id: record.apply_id, plan_id: record.plan_id, set_name: record.set, target: record.target, actor: record.actor,
      status: record.status, started_at: record.started_at, finished_at: record.finished_at, spaces: JSON.stringify(record.spaces),
    });
    for (const operation of record.operations) this.recordOperation(record.apply_id, operation);
  }

  recordOperation(applyId: string, op: OperationRecord): void {
    this.#upsertOperation.run({
      apply_id: applyId, op_index: op.index, kind: op.kind, space_id: op.space_id, connector_id: op.connector_id, name: op.name,
      outcome: op.outcome, error: op.error ? JSON.stringify(op.error) : null, started_at: op.started_at ?? null,
      finished_at: op.finished_at ?? null, duration_ms: op.duration_ms ?? null, attempts: op.attempts ? JSON.stringify(op.attempts) : null,
    });
  }

  /** Throws APPLY_NOT_FOUND when no apply has that id (before any effect is written). */
  assertExists(applyId: string): void {
    if (!this.#get.get(applyId)) throw new KcrError('APPLY_NOT_FOUND', `no apply ${applyId}`, { attributes: { apply_id: applyId } });
  }

  finish(applyId: string, status: ApplyStatus, finishedAt: string): void {
    if (this.#finish.run(status, finishedAt, applyId).changes === 0) {
      throw new KcrError('APPLY_NOT_FOUND', `no apply ${applyId}`, { attributes: { apply_id: applyId } });
    }
  }

  get(applyId: string): ApplyRecord | null {
    const row = this.#get.get(applyId) as ApplyRow | undefined;
    return row ? this.#toRecord(row) : null;
  }

  /** Newest first, with the total count of matches. */
  list(filter: ApplyListFilter = {}): { items: ApplyRecord[]; total: number } {
    const { sql, params } = whereClause([
      ['plan_id = ?', filter.planId],
      ['set_name = ?', filter.set],
      ['status = ?', filter.status],
    ]);
    const { limit, offset } = pageOf(filter);
    const total = (this.#queries.get(`SELECT count(*) AS n FROM applies ${sql}`).get(...params) as { n: number }).n;
    const rows = this.#queries.get(`SELECT * FROM applies ${sql} ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as ApplyRow[];
    return { items: rows.map((row) => this.#toRecord(row)), total };
  }

  listRunning(): ApplyRecord[] {
    return (this.#queries.get("SELECT * FROM applies WHERE status = 'running' ORDER BY started_at").all() as ApplyRow[]).map((row) => this.#toRecord(row));
  }

  #toRecord(row: ApplyRow): ApplyRecord {
    const operations = (this.#operations.all(row.apply_id) as OperationRow[]).map(toOperation);
    const summary = { succeeded: 0, failed: 0, skipped: 0, interrupted: 0 };
    for (const op of operations) if (op.outcome !== 'pending') summary[op.outcome]++;
    return {
      apply_id: row.apply_id, plan_id: row.plan_id, set: row.set_name, target: row.target, actor: row.actor, status: row.status,
      started_at: row.started_at, finished_at: row.finished_at, spaces: JSON.parse(row.spaces) as string[], summary, operations,
    };
  }
}

function toOperation(row: OperationRow): OperationRecord {
  const op: OperationRecord = { index: row.op_index, kind: row.kind, space_id: row.space_id, connector_id: row.connector_id, name: row.name, outcome: row.outcome };
  if (row.error !== null) op.error = JSON.parse(row.error) as OperationRecord['error'];
  if (row.started_at !== null) op.started_at = row.started_at;
  if (row.finished_at !== null) op.finished_at = row.finished_at;
  if (row.duration_ms !== null) op.duration_ms = row.duration_ms;
  if (row.attempts !== null) op.attempts = JSON.parse(row.attempts) as string[];
  return op;
}
