import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceLeaseKey } from '../../src/reconciler/sources/GitOpsController.js';
import type { Store } from '../../src/store/Store.js';
import { manualClock, type StoreHarness } from './storeFixtures.js';
import { STORE_IMPLEMENTATIONS } from './storeImplementations.js';

/**
 * GitOps runs each source's pass under the space-lock lease of the key `source:<name>`: two
 * replicas sharing a store (two Store objects on one store here) must never both hold it, and a
 * replica that died loses it when its TTL runs out.
 */
describe.each(STORE_IMPLEMENTATIONS)('Store contract (%s): source leases', (_name, createHarness) => {
  let harness: StoreHarness;
  let replicaA: Store;
  let replicaB: Store;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    harness = await createHarness();
    clock = manualClock();
    replicaA = await harness.open({ now: clock.now });
    replicaB = await harness.open({ now: clock.now });
  });
  afterEach(async () => harness.cleanup());

  it('gives a source to one replica at a time, beside space leases of the same name', async () => {
    const key = sourceLeaseKey('ops');
    const held = await replicaA.acquireLock(key, 'gitops@a:1', 30_000);
    expect(held).toMatchObject({ spaceId: 'source:ops', holder: 'gitops@a:1' });
    expect(await replicaB.acquireLock(key, 'gitops@b:2', 30_000)).toBeNull();
    expect(await replicaB.acquireLock('ops', 'apply:x', 30_000)).not.toBeNull();
    await replicaA.releaseLock(held!);
    expect(await replicaB.acquireLock(key, 'gitops@b:2', 30_000)).toMatchObject({ holder: 'gitops@b:2' });
  });

  it('hands a dead replica\'s source to another once the TTL has run out', async () => {
    const key = sourceLeaseKey('ops');
    const dead = (await replicaA.acquireLock(key, 'gitops@a:1', 10_000))!;
    clock.advance(10_001);
    const taken = await replicaB.acquireLock(key, 'gitops@b:2', 10_000);
    expect(taken).toMatchObject({ holder: 'gitops@b:2' });
    expect(await replicaA.renewLock(dead, 10_000)).toBeNull();
    await replicaA.releaseLock(dead);
    expect((await replicaB.listLocks()).map((lock) => lock.holder)).toEqual(['gitops@b:2']);
  });
});
