import type { Client } from '@elastic/elasticsearch';
import type { InventoryEntry, LastApplied } from '../../model/inventory.js';
import { esCall, isConflict, writeOnce } from './esCalls.js';
import { distinctValues, filterOf, searchAll, term, type Query } from './esSearch.js';

interface InventoryDoc {
  set_name: string;
  space_id: string;
  connector_id: string;
  manifest_name: string;
  last_applied: LastApplied | null;
  applied_at: string;
  plan_id: string | null;
  deleted: boolean;
}

export interface SerialDoc {
  space_id: string;
  serial: number;
  /** The effect ids (README: consistency) whose bump is already counted: a replayed effect bumps once. */
  recent_effects: string[];
  updated_at: string;
}

/** How many effect ids a serial document remembers: far more than the writes a space sees between an effect's write and its replay. */
const REMEMBERED_EFFECTS = 200;

const inventoryId = (spaceId: string, connectorId: string) => `${spaceId}/${connectorId}`;

/**
 * Which set owns which connector (`<prefix>-inventory`, one document per space and connector,
 * so a connector belongs to at most one set) and the per-space serials (`<prefix>-serials`).
 * Inventory writes carry an external version (the effect's sequence number), so replaying an
 * older effect after a newer one changes nothing; deletes are tombstones for the same reason.
 */
export class EsInventory {
  readonly #serialState = new Map<string, { doc: SerialDoc; seqNo: number; primaryTerm: number }>();

  constructor(
    private readonly client: Client,
    private readonly inventoryIndex: string,
    readonly serialsIndex: string,
    private readonly now: () => Date,
  ) {}

  /** Removes the entry only when `set` owns it (as SQLite's DELETE ... WHERE set_name = ?). */
  async delete(set: string, spaceId: string, connectorId: string, version: number): Promise<void> {
    const id = inventoryId(spaceId, connectorId);
    const current = await esCall('read the inventory', () => this.client.get<InventoryDoc>({ index: this.inventoryIndex, id }, { ignore: [404] }), { idempotent: true });
    if (!current.found || current._source?.deleted || current._source?.set_name !== set) return;
    await this.#writeVersioned(id, { ...current._source, last_applied: null, deleted: true }, version);
  }

  async #writeVersioned(id: string, document: InventoryDoc, version: number): Promise<void> {
    await esCall(
      'write the inventory',
      () => this.client.index({ index: this.inventoryIndex, id, document, version, version_type: 'external' }),
      // 409: a write with this or a later version is there already (a replay): nothing to do.
      { idempotent: true, passThrough: isConflict },
    ).catch((error) => {
      if (!isConflict(error)) throw error;
    });
  }

  async list(filter: { set?: string; spaceIds?: string[]; connectorIds?: string[] } = {}): Promise<InventoryEntry[]> {
    const query = filterOf([
      term('deleted', false), term('set_name', filter.set),
      filter.spaceIds === undefined ? undefined : { terms: { space_id: filter.spaceIds } },
      filter.connectorIds === undefined ? undefined : { terms: { connector_id: filter.connectorIds } },
    ]);
    const docs = await searchAll<InventoryDoc>(this.client, 'read the inventory', {
      index: this.inventoryIndex, query, sort: [{ set_name: 'asc' }, { space_id: 'asc' }, { connector_id: 'asc' }],
    });
    return docs.map(toEntry);
  }

  listSets(): Promise<string[]> {
    return distinctValues(this.client, 'list sets', this.inventoryIndex, 'set_name', this.#query());
  }

  listSetSpaces(set: string): Promise<string[]> {
    return distinctValues(this.client, 'list the spaces of a set', this.inventoryIndex, 'space_id', this.#query(set));
  }

  #query(set?: string): Query {
    return filterOf([term('deleted', false), term('set_name', set)]);
  }

  /** Serial of each space (a real-time multi-get); a space never written has serial 0. */
  async serials(spaceIds: string[]): Promise<Record<string, number>> {
    const serials: Record<string, number> = Object.fromEntries(spaceIds.map((id) => [id, 0]));
    if (spaceIds.length === 0) return serials;
    const response = await esCall('read serials', () => this.client.mget<SerialDoc>({ index: this.serialsIndex, ids: spaceIds }), { idempotent: true });
    for (const doc of response.docs) if ('found' in doc && doc.found && doc._source) serials[doc._source.space_id] = doc._source.serial;
    return serials;
  }

  /**
   * Adds one to the space's serial with compare-and-set (if_seq_no + if_primary_term, or
   * op_type create for the first bump), re-reading on a conflict: two replicas bumping together
   * both count. With an `effectId`, a bump already counted for that effect is not counted again.
   * The last document this process read or wrote is remembered, so a run of bumps on one space
   * costs one write each; a stale memory only costs a conflict and a re-read.
   */
  async bump(spaceId: string, effectId?: string): Promise<number> {
    for (;;) {
      const plan = await this.planBump(spaceId, effectId);
      if (plan.counted !== undefined) return plan.counted;
      const written = await writeOnce('bump a serial', () => this.client.index({ index: this.serialsIndex, id: spaceId, document: plan.next, ...plan.condition }), async () => {
        const after = await this.#readSerial(spaceId);
        return after?.doc.recent_effects.includes(plan.marker) === true && after.doc.serial === plan.next.serial;
      });
      if (written) {
        this.#serialState.delete(spaceId);
        return plan.next.serial;
      }
      this.#serialState.delete(spaceId);
    }
  }

  /**
   * What a bump would write: the next serial document and its compare-and-set condition, or
   * `counted` when this effect's bump is already in the serial. For EsOperationEffects' bulk.
   */
  async planBump(spaceId: string, effectId?: string): Promise<BumpPlan> {
    const current = this.#serialState.get(spaceId) ?? (await this.#readSerial(spaceId));
    const doc = current?.doc;
    const marker = effectId ?? `bump:${process.pid}:${Math.random().toString(36).slice(2)}`;
    if (effectId !== undefined && doc?.recent_effects.includes(effectId)) return { counted: doc.serial, marker, next: doc, condition: {} };
    const next: SerialDoc = {
      space_id: spaceId, serial: (doc?.serial ?? 0) + 1, recent_effects: [...(doc?.recent_effects ?? []), marker].slice(-REMEMBERED_EFFECTS),
      updated_at: this.now().toISOString(),
    };
    const condition = current ? { if_seq_no: current.seqNo, if_primary_term: current.primaryTerm } : { op_type: 'create' as const };
    return { marker, next, condition };
  }

  /** Remembers the serial document a bulk wrote (its new seq_no), or forgets it after a conflict. */
  rememberSerial(spaceId: string, written: { doc: SerialDoc; seqNo: number; primaryTerm: number } | null): void {
    if (written) this.#serialState.set(spaceId, written);
    else this.#serialState.delete(spaceId);
  }

  /** The bulk lines of an inventory upsert (external version: a replay or an older write is refused with 409). */
  upsertLines(entry: InventoryEntry, version: number): unknown[] {
    const document: InventoryDoc = {
      set_name: entry.set, space_id: entry.spaceId, connector_id: entry.connectorId, manifest_name: entry.manifestName,
      last_applied: entry.lastApplied, applied_at: entry.appliedAt, plan_id: entry.planId, deleted: false,
    };
    return [{ index: { _index: this.inventoryIndex, _id: inventoryId(entry.spaceId, entry.connectorId), version, version_type: 'external' } }, document];
  }

  async #readSerial(spaceId: string): Promise<{ doc: SerialDoc; seqNo: number; primaryTerm: number } | undefined> {
    const current = await esCall('read a serial', () => this.client.get<SerialDoc>({ index: this.serialsIndex, id: spaceId }, { ignore: [404] }), { idempotent: true });
    return current.found && current._source ? { doc: current._source, seqNo: current._seq_no!, primaryTerm: current._primary_term! } : undefined;
  }
}

export interface BumpPlan {
  /** Set when the effect's bump is already counted: nothing to write. */
  counted?: number;
  marker: string;
  next: SerialDoc;
  condition: { if_seq_no?: number; if_primary_term?: number; op_type?: 'create' };
}

function toEntry(doc: InventoryDoc): InventoryEntry {
  return {
    set: doc.set_name, spaceId: doc.space_id, connectorId: doc.connector_id, manifestName: doc.manifest_name,
    lastApplied: doc.last_applied!, appliedAt: doc.applied_at, planId: doc.plan_id,
  };
}
