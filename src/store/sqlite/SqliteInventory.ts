import type { Database, Statement } from 'better-sqlite3';
import type { InventoryEntry, LastApplied } from '../../model/inventory.js';
import type { InventoryFilter } from '../Store.js';
import { StatementCache } from './sqlQuery.js';

interface InventoryRow {
  space_id: string;
  connector_id: string;
  set_name: string;
  manifest_name: string;
  last_applied: string;
  applied_at: string;
  plan_id: string | null;
}

/** Which set owns which connector, and the per-space serials that make stale plans detectable. */
export class SqliteInventory {
  readonly #queries: StatementCache;
  readonly #upsert: Statement<InventoryRow>;
  readonly #delete: Statement<[string, string, string]>;
  readonly #serial: Statement<[string]>;
  readonly #bump: Statement<[string]>;
  readonly #sets: Statement<[]>;

  constructor(db: Database) {
    this.#queries = new StatementCache(db);
    // The primary key (space, connector) makes a connector belong to at most one set.
    this.#upsert = db.prepare(`INSERT INTO inventory (space_id, connector_id, set_name, manifest_name, last_applied, applied_at, plan_id)
      VALUES (@space_id, @connector_id, @set_name, @manifest_name, @last_applied, @applied_at, @plan_id)
      ON CONFLICT (space_id, connector_id) DO UPDATE SET set_name = excluded.set_name, manifest_name = excluded.manifest_name,
        last_applied = excluded.last_applied, applied_at = excluded.applied_at, plan_id = excluded.plan_id`);
    this.#delete = db.prepare('DELETE FROM inventory WHERE set_name = ? AND space_id = ? AND connector_id = ?');
    this.#serial = db.prepare('SELECT serial FROM space_serials WHERE space_id = ?');
    this.#bump = db.prepare(`INSERT INTO space_serials (space_id, serial) VALUES (?, 1)
      ON CONFLICT (space_id) DO UPDATE SET serial = serial + 1 RETURNING serial`);
    this.#sets = db.prepare('SELECT DISTINCT set_name FROM inventory ORDER BY set_name');
  }

  upsert(entry: InventoryEntry): void {
    this.#upsert.run({
      space_id: entry.spaceId, connector_id: entry.connectorId, set_name: entry.set, manifest_name: entry.manifestName,
      last_applied: JSON.stringify(entry.lastApplied), applied_at: entry.appliedAt, plan_id: entry.planId,
    });
  }

  delete(set: string, spaceId: string, connectorId: string): void {
    this.#delete.run(set, spaceId, connectorId);
  }

  list(filter: InventoryFilter = {}): InventoryEntry[] {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.set !== undefined) {
      conditions.push('set_name = ?');
      params.push(filter.set);
    }
    if (filter.spaceIds !== undefined) {
      // json_each keeps one prepared shape for any number of spaces.
      conditions.push('space_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.spaceIds));
    }
    if (filter.connectorIds !== undefined) {
      // With spaceIds this is a primary-key lookup per id: (space_id, connector_id).
      conditions.push('connector_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.connectorIds));
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.#queries.get(`SELECT * FROM inventory ${where} ORDER BY set_name, space_id, connector_id`).all(...params) as InventoryRow[];
    return rows.map(toEntry);
  }

  listSetSpaces(set: string): string[] {
    const rows = this.#queries.get('SELECT DISTINCT space_id FROM inventory WHERE set_name = ? ORDER BY space_id').all(set) as Array<{ space_id: string }>;
    return rows.map((row) => row.space_id);
  }

  listSets(): string[] {
    return (this.#sets.all() as Array<{ set_name: string }>).map((row) => row.set_name);
  }

  /** Serial of each space; a space never written has serial 0. */
  serials(spaceIds: string[]): Record<string, number> {
    const serials: Record<string, number> = {};
    for (const spaceId of spaceIds) serials[spaceId] = (this.#serial.get(spaceId) as { serial: number } | undefined)?.serial ?? 0;
    return serials;
  }

  bumpSerial(spaceId: string): number {
    return (this.#bump.get(spaceId) as { serial: number }).serial;
  }
}

/**
 * `lastApplied` is parsed at its first read: many callers list the inventory only for its spaces
 * or owners (every plan does so once for the set's spaces), and parsing 10,000 JSON texts for
 * them was most of the cost of the call. The entry still reads, spreads and serializes as plain data.
 */
function toEntry(row: InventoryRow): InventoryEntry {
  // Only the JSON text is kept until the first read (not the whole row), and not after it.
  let text: string | undefined = row.last_applied;
  let lastApplied: LastApplied | undefined;
  return {
    set: row.set_name, spaceId: row.space_id, connectorId: row.connector_id, manifestName: row.manifest_name,
    get lastApplied(): LastApplied {
      if (lastApplied === undefined) {
        lastApplied = JSON.parse(text!) as LastApplied;
        text = undefined;
      }
      return lastApplied;
    },
    set lastApplied(value: LastApplied) {
      lastApplied = value;
      text = undefined;
    },
    appliedAt: row.applied_at, planId: row.plan_id,
  };
}
