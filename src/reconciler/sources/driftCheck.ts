import type { KcrEvent } from '../../model/events.js';
import type { Plan } from '../../model/plan.js';
import type { Store } from '../../store/Store.js';
import type { SetDriftResult } from './types.js';

/** What one drift report says per space: the drifted connectors of the set, and the unmanaged ones. */
export function driftResultOf(report: Plan): SetDriftResult {
  const drifted = new Map<string, Array<{ address: string; driftClass: string }>>(report.spaces.map((space) => [space, []]));
  const unmanaged = new Map<string, number>(report.spaces.map((space) => [space, 0]));
  for (const change of report.resource_changes) {
    if (!change.drift || !change.drift_class) continue;
    if (change.drift_class === 'unmanaged') unmanaged.set(change.space_id, (unmanaged.get(change.space_id) ?? 0) + 1);
    else drifted.get(change.space_id)?.push({ address: change.address, driftClass: change.drift_class });
  }
  return { set: report.set, checkedAt: report.created_at, spaces: report.spaces, drifted, unmanaged };
}

/**
 * Records what changed since the set's previous check as events: `drift.detected` for each
 * connector newly found drifted (with its class), `drift.resolved` for each that no longer is.
 * "Newly" is judged by the last drift event of that connector in the store, not by this
 * process's memory, so replicas sharing a store (and a restarted kcr) never record one finding
 * twice; a connector that stays drifted is not recorded again, so the log reads as a history.
 */
export async function recordDriftFindings(store: Store, previous: SetDriftResult | undefined, current: SetDriftResult, actor: string): Promise<number> {
  const before = addressesOf(previous);
  const now = addressesOf(current);
  let recorded = 0;
  for (const [address, { space, driftClass }] of now) {
    const connectorId = address.slice(space.length + 1);
    const last = await lastDriftEvent(store, current.set, space, connectorId);
    if (last?.action === 'drift.detected' && last.details?.drift_class === driftClass) continue;
    await store.appendEvent({
      time: current.checkedAt, actor, action: 'drift.detected', outcome: 'success', set: current.set, space_id: space, connector_id: connectorId, origin: 'drift',
      message: `connector ${address} of set ${current.set} drifted (${driftClass}): it differs from what kcr last applied`, details: { drift_class: driftClass },
    });
    recorded++;
  }
  for (const [address, { space }] of before) {
    if (now.has(address) || !current.spaces.includes(space)) continue;
    const connectorId = address.slice(space.length + 1);
    if ((await lastDriftEvent(store, current.set, space, connectorId))?.action !== 'drift.detected') continue;
    await store.appendEvent({
      time: current.checkedAt, actor, action: 'drift.resolved', outcome: 'success', set: current.set, space_id: space, connector_id: connectorId, origin: 'drift',
      message: `connector ${address} of set ${current.set} matches what kcr last applied again`,
    });
    recorded++;
  }
  return recorded;
}

/** The newest drift event (detected or resolved) of one connector of the set, from the event log. */
async function lastDriftEvent(store: Store, set: string, space: string, connectorId: string): Promise<KcrEvent | undefined> {
  const { items } = await store.listEvents({ space, connectorId, limit: 50 });
  return items.find((event) => event.set === set && (event.action === 'drift.detected' || event.action === 'drift.resolved'));
}

function addressesOf(result: SetDriftResult | undefined): Map<string, { space: string; driftClass: string }> {
  const map = new Map<string, { space: string; driftClass: string }>();
  for (const [space, entries] of result?.drifted ?? []) for (const entry of entries) map.set(entry.address, { space, driftClass: entry.driftClass });
  return map;
}
