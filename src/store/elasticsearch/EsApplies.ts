import type { Client } from '@elastic/elasticsearch';
import { KcrError } from '../../errors.js';
import type { ApplyRecord, ApplyStatus, OperationOutcome, OperationRecord } from '../../model/apply.js';
import { decodePlanBody, encodePlanBody } from '../sqlite/planBodies.js';
import type { OperationEffects } from '../Store.js';
import { esCall, isConflict, writeOnce, type MonotonicIds } from './esCalls.js';
import { filterOf, pageOf, searchAll, searchPage, term } from './esSearch.js';
import type { EsEvents } from './EsEvents.js';
import type { EsInventory } from './EsInventory.js';
import { EffectWriter, stageEffects, type StagedEffects } from './EsOperationEffects.js';

interface ApplyDoc {
  apply_id: string;
  plan_id: string;
  set_name: string;
  target: string;
  actor: string;
  status: ApplyStatus;
  started_at: string;
  finished_at: string | null;
  spaces: string[];
  /** Base64 of the deflated operations as recorded at the start (all pending). */
  operations_body: string;
  started_seq: number;
}

interface OperationDoc {
  apply_id: string;
  op_index: number;
  kind: string;
  space_id: string;
  connector_id: string;
  name: string;
  outcome: OperationOutcome;
  error: OperationRecord['error'] | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  attempts: string[] | null;
  effects_state: 'none' | 'pending' | 'applied';
  effects: string | null;
  effect_id: string | null;
  effect_seq: number | null;
}

export type ApplyListFilter = { planId?: string; set?: string; status?: ApplyStatus; limit?: number; offset?: number };
const operationId = (applyId: string, index: number) => `${applyId}:${index}`;
/** Outcomes marked `applied` per bulk (far below the 200 effects a serial remembers). */
const MARK_BATCH = 50;

/**
 * Applies (`<prefix>-applies`) and their recorded operation outcomes (`<prefix>-operations`).
 * The apply document's id is its PLAN id, created with op_type create: claiming the plan and
 * recording the apply with every operation pending is that one write, so of two replicas
 * applying one plan exactly one succeeds. An outcome is one operation document carrying its
 * effects (README: "How kcr stays consistent on Elasticsearch").
 */
export class EsApplies {
  readonly #planOfApply = new Map<string, string>();
  readonly #effects: EffectWriter;
  readonly #unmarked: Array<{ id: string; seqNo: number; primaryTerm: number }> = [];

  constructor(
    private readonly client: Client,
    private readonly index: { applies: string; operations: string },
    private readonly inventory: EsInventory,
    private readonly events: EsEvents,
    private readonly ids: MonotonicIds,
  ) {
    this.#effects = new EffectWriter(client, events.index, inventory);
  }

  /** The caller checked the plan exists. Throws PLAN_ALREADY_APPLIED when another apply holds it. */
  async begin(record: ApplyRecord): Promise<void> {
    const doc: ApplyDoc = {
      apply_id: record.apply_id, plan_id: record.plan_id, set_name: record.set, target: record.target, actor: record.actor, status: record.status,
      started_at: record.started_at, finished_at: record.finished_at, spaces: record.spaces,
      operations_body: encodePlanBody(record.operations).toString('base64'), started_seq: this.ids.next(),
    };
    const claimed = await writeOnce(
      'start an apply',
      () => this.client.create({ index: this.index.applies, id: record.plan_id, document: doc }),
      async () => (await this.#read(record.plan_id))?.doc.apply_id === record.apply_id,
    );
    if (!claimed) {
      const winner = (await this.#read(record.plan_id))?.doc.apply_id;
      throw new KcrError('PLAN_ALREADY_APPLIED', `plan ${record.plan_id} was already applied (apply ${winner}); a plan applies at most once`, {
        attributes: { plan_id: record.plan_id, apply_id: winner },
      });
    }
    this.#planOfApply.set(record.apply_id, record.plan_id);
  }

  /** The apply that claimed a plan: { appliedAt, applyId } or nulls. */
  async claimOf(planId: string): Promise<{ appliedAt: string | null; applyId: string | null }> {
    const found = await this.#read(planId);
    return found ? { appliedAt: found.doc.started_at, applyId: found.doc.apply_id } : { appliedAt: null, applyId: null };
  }

  /**
   * The outcome document (with the effects, `effects_state: pending`) is the commit point; then
   * each effect is applied idempotently and the document marked `applied`. A crash in between
   * leaves a pending document that `settle` re-drives (at open, and before any read of the apply).
   */
  async recordOperation(applyId: string, op: OperationRecord, effects: OperationEffects): Promise<void> {
    const seq = this.ids.next();
    const staged = stageEffects(`${operationId(applyId, op.index)}:${seq}`, seq, effects);
    // Serialised before anything is written: a value JSON cannot hold fails here, with nothing recorded.
    const effectsText = staged ? JSON.stringify(staged) : null;
    const doc: OperationDoc = {
      apply_id: applyId, op_index: op.index, kind: op.kind, space_id: op.space_id, connector_id: op.connector_id, name: op.name, outcome: op.outcome,
      error: op.error ?? null, started_at: op.started_at ?? null, finished_at: op.finished_at ?? null, duration_ms: op.duration_ms ?? null,
      attempts: op.attempts ?? null, effects_state: staged ? 'pending' : 'none', effects: effectsText, effect_id: staged?.id ?? null, effect_seq: staged?.seq ?? null,
    };
    JSON.stringify(doc);
    await this.#locate(applyId);
    const written = await esCall('record an operation', () => this.client.index({ index: this.index.operations, id: operationId(applyId, op.index), document: doc }), {
      idempotent: true,
    });
    if (staged) await this.#applyAndMark(staged, operationId(applyId, op.index), written._seq_no!, written._primary_term!);
  }

  async #applyAndMark(staged: StagedEffects, id: string, seqNo: number, primaryTerm: number): Promise<void> {
    await this.#effects.apply(staged);
    this.#unmarked.push({ id, seqNo, primaryTerm });
    if (this.#unmarked.length >= MARK_BATCH) await this.flushMarks();
  }

  /**
   * Marks outcomes whose effects all landed as `applied`, in one bulk of compare-and-set updates
   * (a newer recording of the same operation keeps its own pending effects: 409, left alone).
   * Deferred by up to MARK_BATCH operations: an unmarked outcome is only re-driven once more,
   * which its idempotent effects make harmless. Run before every read of operations and at close.
   */
  async flushMarks(): Promise<void> {
    if (this.#unmarked.length === 0) return;
    const marks = this.#unmarked.splice(0);
    const lines = marks.flatMap((mark) => [
      { update: { _index: this.index.operations, _id: mark.id, if_seq_no: mark.seqNo, if_primary_term: mark.primaryTerm } },
      { doc: { effects_state: 'applied' } },
    ]);
    await esCall('record that operation effects landed', () => this.client.bulk({ operations: lines as never }), { idempotent: true });
  }

  /** Re-drives every outcome whose effects may not all have landed (a writer died between its outcome and its effects). */
  async settleAll(): Promise<number> {
    await this.flushMarks();
    const pending = await searchAll<OperationDoc>(this.client, 'find unapplied operation effects', {
      index: this.index.operations, query: filterOf([term('effects_state', 'pending')]), sort: [{ effect_seq: 'asc' }],
    });
    await this.#settle(pending);
    return pending.length;
  }

  async #settle(docs: OperationDoc[]): Promise<void> {
    for (const doc of docs) {
      if (doc.effects_state !== 'pending' || doc.effects === null) continue;
      const id = operationId(doc.apply_id, doc.op_index);
      const current = await esCall('read an operation', () => this.client.get<OperationDoc>({ index: this.index.operations, id }, { ignore: [404] }), { idempotent: true });
      if (!current._source || current._source.effects_state !== 'pending' || current._source.effect_id !== doc.effect_id) continue;
      await this.#applyAndMark(JSON.parse(doc.effects) as StagedEffects, id, current._seq_no!, current._primary_term!);
      doc.effects_state = 'applied';
    }
    await this.flushMarks();
  }

  async finish(applyId: string, status: ApplyStatus, finishedAt: string): Promise<void> {
    await this.flushMarks();
    const planId = await this.#locate(applyId);
    await esCall('finish an apply', () => this.client.update({ index: this.index.applies, id: planId, doc: { status, finished_at: finishedAt } }), { idempotent: true });
  }

  async get(applyId: string): Promise<ApplyRecord | null> {
    const planId = await this.#locate(applyId).catch((error) => {
      if ((error as KcrError).code === 'APPLY_NOT_FOUND') return null;
      throw error;
    });
    if (planId === null) return null;
    const found = await this.#read(planId);
    return found ? (await this.#toRecords([found.doc]))[0] : null;
  }

  /** Newest first, with the total count of matches. */
  async list(filter: ApplyListFilter = {}): Promise<{ items: ApplyRecord[]; total: number }> {
    const query = filterOf([term('plan_id', filter.planId), term('set_name', filter.set), term('status', filter.status)]);
    const { hits, total } = await searchPage<ApplyDoc>(this.client, 'list applies', {
      index: this.index.applies, query, sort: [{ started_at: 'desc' }, { started_seq: 'desc' }], ...pageOf(filter),
    });
    return { items: await this.#toRecords(hits), total };
  }

  async listRunning(): Promise<ApplyRecord[]> {
    const docs = await searchAll<ApplyDoc>(this.client, 'list running applies', {
      index: this.index.applies, query: filterOf([term('status', 'running')]), sort: [{ started_at: 'asc' }, { started_seq: 'asc' }],
    });
    return this.#toRecords(docs);
  }

  /** The plan id (the apply document's id) of an apply; APPLY_NOT_FOUND when there is none. */
  async #locate(applyId: string): Promise<string> {
    const cached = this.#planOfApply.get(applyId);
    if (cached !== undefined) return cached;
    const { hits } = await searchPage<ApplyDoc>(this.client, 'find an apply', {
      index: this.index.applies, query: filterOf([term('apply_id', applyId)]), sort: [{ started_seq: 'asc' }], from: 0, size: 1, source: ['plan_id'],
    });
    if (hits.length === 0) throw new KcrError('APPLY_NOT_FOUND', `no apply ${applyId}`, { attributes: { apply_id: applyId } });
    this.#planOfApply.set(applyId, hits[0].plan_id);
    return hits[0].plan_id;
  }

  async #read(planId: string): Promise<{ doc: ApplyDoc } | null> {
    const response = await esCall('read an apply', () => this.client.get<ApplyDoc>({ index: this.index.applies, id: planId }, { ignore: [404] }), { idempotent: true });
    return response.found && response._source ? { doc: response._source } : null;
  }

  /** Apply records with their operations: the pending list from the start, overlaid with the recorded outcomes (settled first). */
  async #toRecords(docs: ApplyDoc[]): Promise<ApplyRecord[]> {
    if (docs.length === 0) return [];
    await this.flushMarks();
    const recorded = await searchAll<OperationDoc>(this.client, 'read operation outcomes', {
      index: this.index.operations, query: filterOf([{ terms: { apply_id: docs.map((doc) => doc.apply_id) } }]), sort: [{ apply_id: 'asc' }, { op_index: 'asc' }],
    });
    await this.#settle(recorded);
    const byApply = new Map<string, OperationDoc[]>();
    for (const op of recorded) byApply.set(op.apply_id, [...(byApply.get(op.apply_id) ?? []), op]);
    return docs.map((doc) => {
      const operations = new Map(decodePlanBody<OperationRecord[]>(Buffer.from(doc.operations_body, 'base64'), 'deflate-raw').map((op) => [op.index, op]));
      for (const op of byApply.get(doc.apply_id) ?? []) operations.set(op.op_index, toOperation(op));
      const list = [...operations.values()].sort((a, b) => a.index - b.index);
      const summary = { succeeded: 0, failed: 0, skipped: 0, interrupted: 0 };
      for (const op of list) if (op.outcome !== 'pending') summary[op.outcome]++;
      return {
        apply_id: doc.apply_id, plan_id: doc.plan_id, set: doc.set_name, target: doc.target, actor: doc.actor, status: doc.status,
        started_at: doc.started_at, finished_at: doc.finished_at, spaces: doc.spaces, summary, operations: list,
      };
    });
  }
}

function toOperation(doc: OperationDoc): OperationRecord {
  const op: OperationRecord = { index: doc.op_index, kind: doc.kind, space_id: doc.space_id, connector_id: doc.connector_id, name: doc.name, outcome: doc.outcome };
  if (doc.error !== null) op.error = doc.error;
  if (doc.started_at !== null) op.started_at = doc.started_at;
  if (doc.finished_at !== null) op.finished_at = doc.finished_at;
  if (doc.duration_ms !== null) op.duration_ms = doc.duration_ms;
  if (doc.attempts !== null) op.attempts = doc.attempts;
  return op;
}
