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

interface SerialDoc {
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
  constructor(
    private readonly client: Client,
    private readonly inventoryIndex: string,
    private readonly serialsIndex: string,
    private readonly now: () => Date,
  ) {}

  async upsert(entry: InventoryEntry, version: number): Promise<void> {
    await this.#writeVersioned(inventoryId(entry.spaceId, entry.connectorId), {
      set_name: entry.set, space_id: entry.spaceId, connector_id: entry.connectorId, manifest_name: entry.manifestName,
      last_applied: entry.lastApplied, applied_at: entry.appliedAt, plan_id: entry.planId, deleted: false,
    }, version);
  }

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
   */
  async bump(spaceId: string, effectId?: string): Promise<number> {
    for (;;) {
      const current = await esCall('read a serial', () => this.client.get<SerialDoc>({ index: this.serialsIndex, id: spaceId }, { ignore: [404] }), { idempotent: true });
      const doc = current.found ? current._source! : undefined;
      if (effectId !== undefined && doc?.recent_effects.includes(effectId)) return doc.serial;
      const marker = effectId ?? `bump:${process.pid}:${Math.random().toString(36).slice(2)}`;
      const next: SerialDoc = {
        space_id: spaceId, serial: (doc?.serial ?? 0) + 1, recent_effects: [...(doc?.recent_effects ?? []), marker].slice(-REMEMBERED_EFFECTS),
        updated_at: this.now().toISOString(),
      };
      const written = await writeOnce(
        'bump a serial',
        () => doc
          ? this.client.index({ index: this.serialsIndex, id: spaceId, document: next, if_seq_no: current._seq_no!, if_primary_term: current._primary_term! })
          : this.client.create({ index: this.serialsIndex, id: spaceId, document: next }),
        async () => {
          const after = await this.client.get<SerialDoc>({ index: this.serialsIndex, id: spaceId }, { ignore: [404] });
          return after._source?.recent_effects.includes(marker) === true && after._source.serial === next.serial;
        },
      );
      if (written) return next.serial;
    }
  }
}

function toEntry(doc: InventoryDoc): InventoryEntry {
  return {
    set: doc.set_name, spaceId: doc.space_id, connectorId: doc.connector_id, manifestName: doc.manifest_name,
    lastApplied: doc.last_applied!, appliedAt: doc.applied_at, planId: doc.plan_id,
  };
}
