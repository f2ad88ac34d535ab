import type { KcrEvent } from '../../model/events.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { OperationEffects } from '../Store.js';
import type { EsEvents } from './EsEvents.js';
import type { EsInventory } from './EsInventory.js';

/**
 * The effects of one recorded operation as written into its operation document before any of
 * them is applied. `id` names this recording (a bump already counted for it is not counted
 * again) and `seq` is its sequence number: the inventory's external version and the event's id,
 * so applying the same staged effects twice, or after newer ones, changes nothing.
 */
export interface StagedEffects {
  id: string;
  seq: number;
  inventoryUpsert?: InventoryEntry;
  inventoryDelete?: { set: string; spaceId: string; connectorId: string };
  bumpSerialOf?: string;
  event?: KcrEvent;
}

export function stageEffects(id: string, seq: number, effects: OperationEffects): StagedEffects | null {
  if (!effects.inventoryUpsert && !effects.inventoryDelete && effects.bumpSerialOf === undefined && !effects.event) return null;
  return { id, seq, ...effects };
}

/** Applies staged effects; every step is idempotent, so a replay after a crash (or by two processes at once) lands each once. */
export async function applyEffects(staged: StagedEffects, inventory: EsInventory, events: EsEvents): Promise<void> {
  if (staged.inventoryUpsert) await inventory.upsert(staged.inventoryUpsert, staged.seq);
  if (staged.inventoryDelete) {
    const { set, spaceId, connectorId } = staged.inventoryDelete;
    await inventory.delete(set, spaceId, connectorId, staged.seq);
  }
  if (staged.bumpSerialOf !== undefined) await inventory.bump(staged.bumpSerialOf, staged.id);
  if (staged.event) await events.append(staged.event, staged.seq);
}
