import { afterAll, beforeAll, expect, it } from 'vitest';
import { elasticsearchAvailability } from '../elasticsearch/elasticsearchCluster.js';
import { sharedElasticsearch, uniqueIndexPrefix } from '../elasticsearch/sharedElasticsearch.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import type { KcrServer } from '../cli/remote/kcrServer.js';
import { callJson, elasticsearchStoreYaml, indexManifest, postPlan, startReplicas } from './elasticsearchReplicas.js';

// Issue 11: several kcr replicas behind a load balancer share one Elasticsearch. A plan made on
// one replica applies on another; of two conflicting applies on one space exactly one wins, the
// other is refused (stale plan or lock), and no update is ever lost.
const ROUNDS = Number(process.env.KCR_REPLICA_ROUNDS ?? 50);
const SPACE = 'race';
const SET = 'replicas';

describeWithOutsideTool(elasticsearchAvailability(), 'two kcr serve replicas on one real Elasticsearch', () => {
  let replicas: KcrServer[] = [];
  let cleanupIndices = async () => {};

  beforeAll(async () => {
    const { url } = await sharedElasticsearch();
    const prefix = uniqueIndexPrefix('replicas');
    cleanupIndices = async () => void (await fetch(`${url}/${prefix}-*`, { method: 'DELETE' }));
    replicas = await startReplicas(2, elasticsearchStoreYaml([url], prefix));
  }, 300_000);

  afterAll(async () => {
    for (const replica of replicas) {
      await replica.stop();
      replica.cleanup();
    }
    await cleanupIndices();
  });

  it(`${ROUNDS} rounds of conflicting applies across replicas: one winner each, state equals the winners, serial grows by the wins`, async () => {
    const [a, b] = [replicas[0]!.url, replicas[1]!.url];
    const seed = await postPlan(a, SET, [indexManifest('target', SPACE, 'seed')]);
    const seeded = await callJson<{ status: string }>(b, 'POST', `/api/reconciler/plans/${seed.plan_id}/apply`);
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(200);
    const startSerial = (await postPlan(b, SET, [indexManifest('target', SPACE, 'seed')])).base_serials[SPACE]!;

    let wins = 0;
    let expectedIndex = 'seed';
    for (let round = 0; round < ROUNDS; round++) {
      // Both plans are made at the same serial, each on one replica, then applied on the other one at once.
      const fromA = await postPlan(a, SET, [indexManifest('target', SPACE, `a-${round}`)]);
      const fromB = await postPlan(b, SET, [indexManifest('target', SPACE, `b-${round}`)]);
      expect(fromA.base_serials[SPACE]).toBe(fromB.base_serials[SPACE]);
      const results = await Promise.all([
        callJson<{ status?: string; code?: string; plan_id?: string }>(b, 'POST', `/api/reconciler/plans/${fromA.plan_id}/apply`),
        callJson<{ status?: string; code?: string; plan_id?: string }>(a, 'POST', `/api/reconciler/plans/${fromB.plan_id}/apply`),
      ]);
      const winners = results.filter((result) => result.status === 200);
      const losers = results.filter((result) => result.status !== 200);
      expect(winners, `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
      expect(winners[0]!.body.status).toBe('succeeded');
      expect(losers[0]!.status, `round ${round}: ${JSON.stringify(losers)}`).toBe(409);
      expect(['PLAN_STALE', 'LOCKED']).toContain(losers[0]!.body.code);
      wins += 1;
      expectedIndex = winners[0]!.body.plan_id === fromA.plan_id ? `a-${round}` : `b-${round}`;
      // Both replicas read the winner's write at once.
      for (const replica of [a, b]) {
        const connector = await callJson<{ config: { index: string } }>(replica, 'GET', `/s/${SPACE}/api/actions/connectors`);
        expect(JSON.stringify(connector.body)).toContain(`"index":"${expectedIndex}"`);
      }
    }

    const final = await postPlan(a, SET, [indexManifest('target', SPACE, expectedIndex)]);
    expect(final.has_changes).toBe(false);
    expect(final.base_serials[SPACE]).toBe(startSerial + wins);
    // Every apply is on record once, on whichever replica is asked.
    const applies = await callJson<{ items: Array<{ status: string }>; total: number }>(b, 'GET', `/api/reconciler/applies?set=${SET}&limit=500`);
    expect(applies.body.items.filter((apply) => apply.status === 'succeeded'), JSON.stringify(applies.body)).toHaveLength(wins + 1);
  }, 600_000);
});
