import type { InventoryEntry } from '../../model/inventory.js';
import type { LockLease } from '../../store/Store.js';

/** A lock as the API shows it: never the renewal token, which would let a reader release or renew it. */
export function lockView(lease: LockLease): { space_id: string; holder: string; acquired_at: string; expires_at: string } {
  return { space_id: lease.spaceId, holder: lease.holder, acquired_at: lease.acquiredAt, expires_at: lease.expiresAt };
}

/** An inventory entry in the API's snake_case. The secrets fingerprint stays inside kcr. */
export function inventoryView(entry: InventoryEntry) {
  const last = entry.lastApplied;
  return {
    set: entry.set,
    space_id: entry.spaceId,
    connector_id: entry.connectorId,
    manifest_name: entry.manifestName,
    applied_at: entry.appliedAt,
    plan_id: entry.planId,
    last_applied: { name: last.name, connector_type_id: last.connectorTypeId, config: last.config, policy: last.policy },
  };
}

/** One page of a list, with what a client needs to fetch the next. */
export function pageView<T>(items: T[], total: number, page: { limit: number; offset: number }) {
  return { items, total, limit: page.limit, offset: page.offset };
}
