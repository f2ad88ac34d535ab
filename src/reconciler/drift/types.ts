import type { ActualConnector } from '../../model/connector.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';

/** Everything `computeDrift` needs: plain data only (the id and time are inputs), so drift detection is pure. */
export interface DriftInput {
  reportId: string;
  createdAt: string;
  set: string;
  target: string;
  /** The spaces the report covers. */
  scopeSpaces: string[];
  /** Every connector of the scope spaces, as the target holds them (one list call per space). */
  actual: ActualConnector[];
  /** Inventory entries of ALL sets in the scope spaces: a connector another set owns is not "unmanaged". */
  inventory: InventoryEntry[];
  /** The serials of the scope spaces when the actual state was read (so a reader can tell which state it saw). */
  serials: Record<string, number>;
  /** The registry's `withDefaults`: the config as Kibana stores it for that type. */
  withDefaults: (typeId: string, config: JsonObject) => JsonObject;
}
