import { errors, type Client } from '@elastic/elasticsearch';
import type { KcrEvent } from '../../model/events.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { OperationEffects } from '../Store.js';
import { esCall, storeUnavailable } from './esCalls.js';
import { toEventDoc } from './EsEvents.js';
import type { EsInventory } from './EsInventory.js';

/**
 * The effects of one recorded operation as written into its operation document before any of
 * them is applied. `id` names this recording: a bump already counted for it is not counted
 * again, and it is the event's document id. `seq` is its sequence number: the inventory's
 * external version and the event's `event.sequence`. So applying the same staged effects
 * twice, or after newer ones, changes nothing.
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

/**
 * Applies staged effects in ONE bulk request (inventory, event, serial); every item is
 * idempotent, so a replay after a crash, or by two processes at once, lands each effect once:
 * the inventory item carries an external version and the event a fixed id (409: already
 * there), and the serial item is a compare-and-set that is re-done alone on a conflict.
 */
export class EffectWriter {
  constructor(
    private readonly client: Client,
    private readonly eventsIndex: string,
    private readonly inventory: EsInventory,
  ) {}

  async apply(staged: StagedEffects): Promise<void> {
    const lines: unknown[] = [];
    const items: Array<'inventory' | 'event' | 'serial'> = [];
    if (staged.inventoryUpsert) {
      lines.push(...this.inventory.upsertLines(staged.inventoryUpsert, staged.seq));
      items.push('inventory');
    }
    if (staged.inventoryDelete) {
      const { set, spaceId, connectorId } = staged.inventoryDelete;
      await this.inventory.delete(set, spaceId, connectorId, staged.seq);
    }
    if (staged.event) {
      // The id of this recording (apply, operation, sequence): unique, and the same at every replay.
      lines.push({ create: { _index: this.eventsIndex, _id: staged.id } }, toEventDoc(staged.event, staged.seq));
      items.push('event');
    }
    const space = staged.bumpSerialOf;
    const bump = space === undefined ? undefined : await this.inventory.planBump(space, staged.id);
    if (space !== undefined && bump && bump.counted === undefined) {
      const { op_type, ...cas } = bump.condition;
      lines.push({ [op_type === 'create' ? 'create' : 'index']: { _index: this.inventory.serialsIndex, _id: space, ...cas } }, bump.next);
      items.push('serial');
    }
    if (lines.length === 0) return;
    const response = await esCall('apply the effects of an operation', () => this.client.bulk({ operations: lines as never }), { idempotent: true });
    let serialConflict = false;
    response.items.forEach((item, i) => {
      const result = Object.values(item)[0]!;
      const kind = items[i];
      if (kind === 'serial') {
        if (result.status === 409) serialConflict = true;
        else if (!result.error) this.inventory.rememberSerial(space!, { doc: bump!.next, seqNo: result._seq_no!, primaryTerm: result._primary_term! });
      }
      if (result.error && result.status !== 409) {
        if (kind === 'serial') this.inventory.rememberSerial(space!, null);
        throw storeUnavailable(`apply the effects of an operation (${kind})`, new errors.ResponseError({ body: { error: result.error }, statusCode: result.status, headers: {}, warnings: null, meta: {} as never }));
      }
    });
    if (serialConflict) {
      // Another writer moved the serial (or this bump landed before a lost answer): re-read and re-do it alone.
      this.inventory.rememberSerial(space!, null);
      await this.inventory.bump(space!, staged.id);
    }
  }
}
