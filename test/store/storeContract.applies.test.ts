import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../src/model/apply.js';
import { SecretValue } from '../../src/secrets/SecretValue.js';
import type { Store } from '../../src/store/Store.js';
import { inventoryEntry, makeApplyRecord, makeOperation, makeStoredPlan, type StoreHarness } from './storeFixtures.js';
import { STORE_IMPLEMENTATIONS } from './storeImplementations.js';


describe.each(STORE_IMPLEMENTATIONS)('Store contract (%s): applies and inventory', (_name, createHarness) => {
  let harness: StoreHarness;
  let store: Store;

  beforeEach(async () => {
    harness = await createHarness();
    store = await harness.open();
  });
  afterEach(async () => harness.cleanup());

  const ops = [makeOperation(0, 'c0'), makeOperation(1, 'c1'), makeOperation(2, 'c2', 'ops')];
  const stored = makeStoredPlan('pln_1', ops, { spaces: ['default', 'ops'] });
  const succeeded = (index: number): OperationRecord => ({
    index, kind: 'create', space_id: ops[index].spaceId, connector_id: ops[index].connectorId, name: ops[index].name, outcome: 'succeeded',
    started_at: '2026-01-01T00:00:02.000Z', finished_at: '2026-01-01T00:00:03.000Z', duration_ms: 1000, attempts: ['503 retried'],
  });

  it('claims a plan once and records every operation pending', async () => {
    await store.savePlan(stored, [new SecretValue({ a: 1 })]);
    await store.beginApply(makeApplyRecord('apl_1', stored));
    expect(await store.getPlan('pln_1')).toMatchObject({ appliedAt: '2026-01-01T00:00:01.000Z', applyId: 'apl_1' });
    const apply = await store.getApply('apl_1');
    expect(apply?.operations.map((op) => [op.index, op.outcome])).toEqual([[0, 'pending'], [1, 'pending'], [2, 'pending']]);
    expect(apply?.status).toBe('running');
    await expect(store.beginApply(makeApplyRecord('apl_2', stored))).rejects.toMatchObject({ code: 'PLAN_ALREADY_APPLIED' });
    expect(await store.getApply('apl_2')).toBeNull();
    await expect(store.beginApply(makeApplyRecord('apl_3', makeStoredPlan('pln_unknown')))).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND' });
  });

  it('lets exactly one of two store instances on the same state claim a plan', async () => {
    const other = await harness.open();
    await store.savePlan(stored, []);
    const results = await Promise.allSettled([store.beginApply(makeApplyRecord('apl_a', stored)), other.beginApply(makeApplyRecord('apl_b', stored))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.map((r) => (r.reason as { code: string }).code)).toEqual(['PLAN_ALREADY_APPLIED']);
    const winner = (await other.getPlan('pln_1'))?.applyId;
    expect(['apl_a', 'apl_b']).toContain(winner);
    expect((await store.listApplies({ planId: 'pln_1' })).total).toBe(1);
  });

  it('records an outcome with its inventory change and serial bump, in index order with a summary', async () => {
    await store.savePlan(stored, []);
    await store.beginApply(makeApplyRecord('apl_1', stored));
    await store.recordOperation('apl_1', succeeded(2), { inventoryUpsert: inventoryEntry('default', 'ops', 'c2'), bumpSerialOf: 'ops' });
    await store.recordOperation('apl_1', succeeded(0), { inventoryUpsert: inventoryEntry('default', 'default', 'c0'), bumpSerialOf: 'default' });
    await store.recordOperation('apl_1', { ...succeeded(1), outcome: 'failed', error: { code: 'TARGET_UNAVAILABLE', message: 'boom' } });
    await store.finishApply('apl_1', 'partial', '2026-01-01T00:00:09.000Z');

    const apply = await store.getApply('apl_1');
    expect(apply).toMatchObject({ status: 'partial', finished_at: '2026-01-01T00:00:09.000Z', summary: { succeeded: 2, failed: 1, skipped: 0, interrupted: 0 } });
    expect(apply?.operations.map((op) => op.index)).toEqual([0, 1, 2]);
    expect(apply?.operations[0]).toEqual(succeeded(0));
    expect(apply?.operations[1].error).toEqual({ code: 'TARGET_UNAVAILABLE', message: 'boom' });
    expect(await store.getSerials(['default', 'ops'])).toEqual({ default: 1, ops: 1 });
    expect((await store.listInventory()).map((e) => `${e.spaceId}/${e.connectorId}`)).toEqual(['default/c0', 'ops/c2']);
    expect(await store.listRunningApplies()).toEqual([]);
  });

  it('writes no effect when the outcome cannot be recorded', async () => {
    await expect(
      store.recordOperation('apl_missing', succeeded(0), { inventoryUpsert: inventoryEntry('default', 'default', 'c0'), bumpSerialOf: 'default' }),
    ).rejects.toMatchObject({ code: 'APPLY_NOT_FOUND' });
    expect(await store.listInventory()).toEqual([]);
    expect(await store.getSerials(['default'])).toEqual({ default: 0 });
    await expect(store.finishApply('apl_missing', 'failed', '2026-01-01T00:00:00.000Z')).rejects.toMatchObject({ code: 'APPLY_NOT_FOUND' });
  });

  it('keeps the outcome unrecorded when one of its effects cannot be written', async () => {
    await store.savePlan(stored, []);
    await store.beginApply(makeApplyRecord('apl_1', stored));
    const unwritable = inventoryEntry('default', 'default', 'c0');
    // A BigInt cannot be stored as JSON: the inventory write fails after the outcome was written.
    (unwritable.lastApplied.config as Record<string, unknown>).size = 10n;
    await expect(store.recordOperation('apl_1', succeeded(0), { inventoryUpsert: unwritable, bumpSerialOf: 'default' })).rejects.toThrow();
    expect((await store.getApply('apl_1'))?.operations[0].outcome).toBe('pending');
    expect(await store.listInventory()).toEqual([]);
    expect(await store.getSerials(['default'])).toEqual({ default: 0 });
  });

  it('lists running applies for crash recovery and filters applies', async () => {
    const second = makeStoredPlan('pln_2', [makeOperation(0, 'x')], { set: 'apps' });
    await store.savePlan(stored, []);
    await store.savePlan(second, []);
    await store.beginApply(makeApplyRecord('apl_1', stored, '2026-01-01T00:00:01.000Z'));
    await store.beginApply(makeApplyRecord('apl_2', second, '2026-01-01T00:00:05.000Z'));
    await store.finishApply('apl_1', 'succeeded', '2026-01-01T00:00:02.000Z');
    expect((await store.listRunningApplies()).map((a) => a.apply_id)).toEqual(['apl_2']);
    expect((await store.listApplies()).items.map((a) => a.apply_id)).toEqual(['apl_2', 'apl_1']);
    expect((await store.listApplies({ set: 'apps' })).items.map((a) => a.apply_id)).toEqual(['apl_2']);
    expect(await store.listApplies({ status: 'succeeded', limit: 10 })).toMatchObject({ total: 1, items: [{ apply_id: 'apl_1' }] });
  });

  it('keeps each connector in at most one set, filters the inventory and lists sets', async () => {
    await store.savePlan(stored, []);
    await store.beginApply(makeApplyRecord('apl_1', stored));
    await store.recordOperation('apl_1', succeeded(0), { inventoryUpsert: inventoryEntry('infra', 'default', 'c0') });
    await store.recordOperation('apl_1', succeeded(1), { inventoryUpsert: inventoryEntry('apps', 'default', 'c1') });
    await store.recordOperation('apl_1', succeeded(2), { inventoryUpsert: inventoryEntry('apps', 'ops', 'c2') });
    expect(await store.listSets()).toEqual(['apps', 'infra']);
    expect(await store.listSetSpaces('apps')).toEqual(['default', 'ops']);
    expect(await store.listSetSpaces('infra')).toEqual(['default']);
    expect(await store.listSetSpaces('nobody')).toEqual([]);
    expect((await store.listInventory({ set: 'apps', spaceIds: ['ops'] })).map((e) => e.connectorId)).toEqual(['c2']);
    expect((await store.listInventory({ spaceIds: ['default'] })).map((e) => e.connectorId)).toEqual(['c1', 'c0']);
    expect((await store.listInventory({ spaceIds: ['default'], connectorIds: ['c0', 'c2', 'absent'] })).map((e) => e.connectorId)).toEqual(['c0']);
    expect((await store.listInventory({ connectorIds: ['c2', 'c1'] })).map((e) => e.connectorId)).toEqual(['c1', 'c2']);
    expect(await store.listInventory({ connectorIds: [] })).toEqual([]);

    // Re-recording c0 for another set moves it: it is never owned twice.
    await store.recordOperation('apl_1', succeeded(0), { inventoryUpsert: inventoryEntry('apps', 'default', 'c0') });
    expect((await store.listInventory({ spaceIds: ['default'] })).map((e) => `${e.set}:${e.connectorId}`)).toEqual(['apps:c0', 'apps:c1']);
    expect(await store.listSets()).toEqual(['apps']);

    await store.recordOperation('apl_1', succeeded(2), { inventoryDelete: { set: 'apps', spaceId: 'ops', connectorId: 'c2' } });
    expect((await store.listInventory({ set: 'apps' })).map((e) => e.connectorId)).toEqual(['c0', 'c1']);
    const [entry] = await store.listInventory({ set: 'apps', spaceIds: ['default'] });
    expect(entry).toEqual(inventoryEntry('apps', 'default', 'c0'));
  });
});
