import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import type { Store } from '../../../src/store/Store.js';
import { describeWithOutsideTool } from '../../helpers/outsideTool.js';
import { manualClock } from '../storeFixtures.js';
import { elasticsearchHarness, elasticsearchTool, sharedClusterUrl, type ElasticsearchHarness } from './esHarness.js';

/** Two Store objects on one index prefix are two kcr replicas on one cluster: their writes race for real. */
describeWithOutsideTool(elasticsearchTool(), 'Elasticsearch store: two replicas racing on one cluster', () => {
  let harness: ElasticsearchHarness;
  let clock: ReturnType<typeof manualClock>;
  let replicas: Store[];

  beforeAll(() => sharedClusterUrl(), 600_000);
  beforeEach(async () => {
    harness = await elasticsearchHarness();
    clock = manualClock();
    replicas = [await harness.open({ now: clock.now }), await harness.open({ now: clock.now })];
  });
  afterEach(async () => harness.cleanup());

  it('counts every serial bump of both replicas exactly once, each answer a different serial', async () => {
    const bumps = await Promise.all(Array.from({ length: 40 }, (_, i) => replicas[i % 2].bumpSerial('ops')));
    expect([...bumps].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const replica of replicas) expect(await replica.getSerials(['ops'])).toEqual({ ops: 40 });
  });

  it('gives a free space to exactly one of two replicas, and a dead replica\'s expired lease to exactly one taker', async () => {
    const first = await Promise.all(replicas.map((replica, i) => replica.acquireLock('ops', `apply:a${i}@host:1`, 10_000)));
    expect(first.filter((lease) => lease !== null)).toHaveLength(1);

    // Its holder stops renewing (the replica died): after the TTL the lease is free for the taking, once.
    clock.advance(10_001);
    const takers = await Promise.all(replicas.flatMap((replica, i) => [replica.acquireLock('ops', `apply:b${i}@host:2`, 10_000), replica.acquireLock('ops', `apply:c${i}@host:3`, 10_000)]));
    const won = takers.filter((lease) => lease !== null);
    expect(won).toHaveLength(1);
    expect((await replicas[0].listLocks()).map((lease) => lease.holder)).toEqual([won[0]!.holder]);
    // The dead holder's token renews nothing any more.
    expect(await replicas[1].renewLock(first.find((lease) => lease !== null)!, 10_000)).toBeNull();
  });

  it('creates a connector id once across replicas and spaces', async () => {
    const row = (spaceId: string) => ({ spaceId, id: 'shared-id', name: 'Hook', connectorTypeId: '.index', config: { index: 'x' }, secrets: new SecretValue({}), isMissingSecrets: false });
    const results = await Promise.allSettled([replicas[0].embeddedConnectors.insert(row('ops')), replicas[1].embeddedConnectors.insert(row('default'))]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => (result.reason as { code: string }).code)).toEqual(['CONNECTOR_CONFLICT']);
    expect(await replicas[0].embeddedConnectors.count()).toBe(1);
  });
});
