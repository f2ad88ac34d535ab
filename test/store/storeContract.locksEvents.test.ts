import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KcrEvent } from '../../src/model/events.js';
import type { Store } from '../../src/store/Store.js';
import { manualClock, type StoreHarness } from './storeFixtures.js';
import { STORE_IMPLEMENTATIONS } from './storeImplementations.js';


describe.each(STORE_IMPLEMENTATIONS)('Store contract (%s): locks and events', (_name, createHarness) => {
  let harness: StoreHarness;
  let store: Store;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    harness = await createHarness();
    clock = manualClock();
    store = await harness.open({ now: clock.now });
  });
  afterEach(async () => harness.cleanup());

  it('gives a space lease to one holder until it is released', async () => {
    const lease = await store.acquireLock('ops', 'apply:a', 30_000);
    expect(lease).toMatchObject({ spaceId: 'ops', holder: 'apply:a', acquiredAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:30.000Z' });
    expect(await store.acquireLock('ops', 'apply:b', 30_000)).toBeNull();
    expect(await store.acquireLock('default', 'apply:b', 30_000)).not.toBeNull();
    expect((await store.listLocks()).map((l) => `${l.spaceId}:${l.holder}`)).toEqual(['default:apply:b', 'ops:apply:a']);
    await store.releaseLock(lease!);
    expect(await store.acquireLock('ops', 'apply:b', 30_000)).toMatchObject({ holder: 'apply:b' });
  });

  it('frees an expired lease, and the old token can no longer renew or release it', async () => {
    const first = (await store.acquireLock('ops', 'apply:a', 10_000))!;
    clock.advance(5_000);
    const renewed = await store.renewLock(first, 10_000);
    expect(renewed?.expiresAt).toBe('2026-01-01T00:00:15.000Z');
    clock.advance(10_001);
    expect(await store.listLocks()).toEqual([]);
    expect(await store.renewLock(first, 10_000)).toBeNull();

    const second = (await store.acquireLock('ops', 'apply:b', 10_000))!;
    expect(second.token).not.toBe(first.token);
    await store.releaseLock(first);
    expect(await store.renewLock({ ...second, token: 'forged' }, 10_000)).toBeNull();
    expect((await store.listLocks()).map((l) => l.holder)).toEqual(['apply:b']);
  });

  it('breaks a lock and reports the lease it broke', async () => {
    const lease = (await store.acquireLock('ops', 'apply:a', 10_000))!;
    expect(await store.breakLock('ops')).toEqual(lease);
    expect(await store.breakLock('ops')).toBeNull();
    expect(await store.renewLock(lease, 10_000)).toBeNull();
    expect(await store.acquireLock('ops', 'apply:b', 10_000)).not.toBeNull();
  });

  it('sees a lease taken through another store instance on the same state', async () => {
    const other = await harness.open({ now: clock.now });
    expect(await other.acquireLock('ops', 'apply:other', 10_000)).not.toBeNull();
    expect(await store.acquireLock('ops', 'apply:mine', 10_000)).toBeNull();
  });

  const event = (n: number, overrides: Partial<KcrEvent> = {}): KcrEvent => ({
    time: `2026-01-01T00:00:0${n}.000Z`, actor: 'alice', action: 'connector.create', outcome: 'success', space_id: 'default', message: `event ${n}`,
    ...overrides,
  });

  it('appends events with growing ids and reads them back whole', async () => {
    const full: KcrEvent = {
      ...event(1), connector_id: 'c1', set: 'infra', plan_id: 'pln_1', apply_id: 'apl_1', origin: 'apply', remote_address: '127.0.0.1',
      request_id: 'req-1', outcome: 'failure', details: { status: 503 },
    };
    const first = await store.appendEvent(full);
    const second = await store.appendEvent(event(2));
    expect(second).toBeGreaterThan(first);
    expect((await store.listEvents()).items[1]).toEqual({ ...full, id: first });
  });

  it('lists events newest first with filters, pagination and a total', async () => {
    await store.appendEvent(event(1, { connector_id: 'c1' }));
    await store.appendEvent(event(2, { space_id: 'ops', action: 'connector.delete', connector_id: 'c2' }));
    await store.appendEvent(event(3, { actor: 'bob', action: 'lock.break', space_id: 'ops' }));
    await store.appendEvent(event(3, { message: 'same time, later id' }));
    const messages = async (filter: Parameters<Store['listEvents']>[0]) => (await store.listEvents(filter)).items.map((e) => e.message);
    expect(await messages({})).toEqual(['same time, later id', 'event 3', 'event 2', 'event 1']);
    expect(await messages({ space: 'ops' })).toEqual(['event 3', 'event 2']);
    expect(await messages({ connectorId: 'c2' })).toEqual(['event 2']);
    expect(await messages({ action: 'connector.create' })).toEqual(['same time, later id', 'event 1']);
    expect(await messages({ actor: 'bob' })).toEqual(['event 3']);
    expect(await messages({ since: '2026-01-01T00:00:02.000Z', until: '2026-01-01T00:00:02.500Z' })).toEqual(['event 2']);
    expect(await store.listEvents({ limit: 2, offset: 1 })).toMatchObject({ total: 4, items: [{ message: 'event 3' }, { message: 'event 2' }] });
  });
});
