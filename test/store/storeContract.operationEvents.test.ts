import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../src/model/apply.js';
import type { KcrEvent } from '../../src/model/events.js';
import type { Store } from '../../src/store/Store.js';
import { inventoryEntry, makeApplyRecord, makeOperation, makeStoredPlan, type StoreHarness } from './storeFixtures.js';
import { STORE_IMPLEMENTATIONS } from './storeImplementations.js';


describe.each(STORE_IMPLEMENTATIONS)('Store contract (%s): an operation event commits with its outcome', (_name, createHarness) => {
  let harness: StoreHarness;
  let store: Store;

  beforeEach(async () => {
    harness = await createHarness();
    store = await harness.open();
  });
  afterEach(async () => harness.cleanup());

  const ops = [makeOperation(0, 'c0')];
  const stored = makeStoredPlan('pln_1', ops);
  const succeeded: OperationRecord = {
    index: 0, kind: 'create', space_id: ops[0].spaceId, connector_id: ops[0].connectorId, name: ops[0].name, outcome: 'succeeded',
    started_at: '2026-01-01T00:00:02.000Z', finished_at: '2026-01-01T00:00:03.000Z', duration_ms: 1000,
  };
  const event: KcrEvent = {
    time: '2026-01-01T00:00:03.000Z', actor: 'ci', action: 'connector.create', outcome: 'success', space_id: ops[0].spaceId,
    connector_id: 'c0', set: 'default', plan_id: 'pln_1', apply_id: 'apl_1', origin: 'apply', message: 'create default/c0 succeeded',
  };
  const connectorEvents = async () => (await store.listEvents({ action: 'connector.create' })).items;

  it('appends the event in the same write as the outcome and its effects', async () => {
    await store.savePlan(stored, []);
    await store.beginApply(makeApplyRecord('apl_1', stored));
    await store.recordOperation('apl_1', succeeded, { inventoryUpsert: inventoryEntry('default', ops[0].spaceId, 'c0'), bumpSerialOf: ops[0].spaceId, event });
    expect((await store.getApply('apl_1'))?.operations[0].outcome).toBe('succeeded');
    expect(await connectorEvents()).toEqual([{ ...event, id: expect.any(Number) }]);
  });

  it('writes no event when the outcome cannot be recorded', async () => {
    await expect(store.recordOperation('apl_missing', succeeded, { event })).rejects.toMatchObject({ code: 'APPLY_NOT_FOUND' });
    expect(await connectorEvents()).toEqual([]);
  });

  it('writes neither outcome nor event when an effect fails', async () => {
    await store.savePlan(stored, []);
    await store.beginApply(makeApplyRecord('apl_1', stored));
    const unwritable = inventoryEntry('default', ops[0].spaceId, 'c0');
    // A BigInt cannot be stored as JSON: the inventory write fails after the outcome was written.
    (unwritable.lastApplied.config as Record<string, unknown>).size = 10n;
    await expect(store.recordOperation('apl_1', succeeded, { inventoryUpsert: unwritable, event })).rejects.toThrow();
    expect((await store.getApply('apl_1'))?.operations[0].outcome).toBe('pending');
    expect(await connectorEvents()).toEqual([]);
  });
});
