import type { InventoryEntry } from '../../model/inventory.js';
import type { Store } from '../../store/Store.js';
import type { Target } from '../../targets/Target.js';
import { secretKeyTree } from './secretKeys.js';
import type { ExportConnector } from './types.js';

/** What an export of one space renders: its connectors and the inventory entries that own some of them. */
export interface ExportState {
  connectors: ExportConnector[];
  inventory: InventoryEntry[];
}

/**
 * Reads one space for an export: the target's connectors without preconfigured and system ones
 * (they live in the config, not in the space), and every set's inventory of the space. With the
 * embedded target it also reads which secret keys are stored and the write times, from the
 * store's rows; the values are dropped right there, so no export step ever holds one.
 */
export async function readExportConnectors(target: Target, store: Store, spaceId: string): Promise<ExportState> {
  const actual = (await target.listConnectors(spaceId)).filter((connector) => !connector.isPreconfigured && !connector.isSystemAction);
  const rows = target.kind === 'embedded' ? new Map((await store.embeddedConnectors.list(spaceId)).map((row) => [row.id, row])) : new Map();
  const connectors = actual.map((connector): ExportConnector => {
    const row = rows.get(connector.id);
    const exported: ExportConnector = {
      spaceId: connector.spaceId,
      id: connector.id,
      name: connector.name,
      connectorTypeId: connector.connectorTypeId,
      config: connector.config ?? {},
      isMissingSecrets: connector.isMissingSecrets,
    };
    if (row) Object.assign(exported, { secretKeys: secretKeyTree(row.secrets.reveal()), createdAt: row.createdAt, updatedAt: row.updatedAt });
    return exported;
  });
  return { connectors, inventory: await store.listInventory({ spaceIds: [spaceId] }) };
}
