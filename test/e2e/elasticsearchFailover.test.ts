import { afterAll, beforeAll, expect, it } from 'vitest';
import { elasticsearchAvailability, startElasticsearchCluster, type ElasticsearchCluster } from '../elasticsearch/elasticsearchCluster.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import type { KcrServer } from '../cli/remote/kcrServer.js';
import { uniqueIndexPrefix } from '../elasticsearch/sharedElasticsearch.js';
import { callJson, elasticsearchStoreYaml, indexManifest, postPlan, startReplicas, type JsonResponse } from './elasticsearchReplicas.js';

// Issue 11: a 3-node cluster, every kcr index with one replica; a node is killed while applies go
// on. Requests in flight complete or fail with a clear retryable error, later ones succeed, an
// interrupted apply is recovered, and no operation is lost or done twice.
const ROUNDS = Number(process.env.KCR_FAILOVER_ROUNDS ?? 24);
const KILL_AT_ROUND = Math.floor(ROUNDS / 3);
const SPACE = 'failover';
const SET = 'failover';
const RETRYABLE = new Set([409, 429, 502, 503, 504]);

const desiredAt = (round: number) => Array.from({ length: round + 1 }, (_, i) => indexManifest(`conn-${i}`, SPACE, `index-${i}`));

describeWithOutsideTool(elasticsearchAvailability(), 'kcr on a 3-node Elasticsearch losing a node mid-run', () => {
  let cluster: ElasticsearchCluster;
  let replica: KcrServer;

  beforeAll(async () => {
    cluster = await startElasticsearchCluster({ nodes: 3 });
    [replica] = await startReplicas(1, elasticsearchStoreYaml(cluster.urls, uniqueIndexPrefix('failover'), { lockTtlMs: 5_000 }));
  }, 300_000);

  afterAll(async () => {
    await replica?.stop();
    replica?.cleanup();
    await cluster?.stop();
  });

  /** Plan + apply until the round's desired state is applied; a failure must be a clear, retryable answer. */
  async function converge(round: number, failures: Array<JsonResponse<{ code?: string; message?: string }>>): Promise<void> {
    for (let attempt = 0; attempt < 40; attempt++) {
      const planned = await callJson<{ plan_id: string; has_changes: boolean; code?: string; message?: string }>(replica.url, 'POST', `/api/reconciler/plans?set=${SET}`, { manifests: desiredAt(round) });
      if (planned.status === 201 && !planned.body.has_changes) return;
      if (planned.status === 201) {
        const applied = await callJson<{ status?: string; code?: string; message?: string }>(replica.url, 'POST', `/api/reconciler/plans/${planned.body.plan_id}/apply`);
        if (applied.status === 200 && applied.body.status === 'succeeded') continue;
        failures.push(applied);
      } else {
        failures.push(planned);
      }
      const last = failures.at(-1)!;
      // In flight during the failover: never a 500 without a stable code, always something to retry.
      expect(RETRYABLE.has(last.status) || last.body.code !== undefined, JSON.stringify(last)).toBe(true);
      expect(last.body.message, JSON.stringify(last)).toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`round ${round} did not converge: ${JSON.stringify(failures.slice(-3))}`);
  }

  it(`keeps every operation exactly once through the loss of a node (${ROUNDS} rounds, node killed at round ${KILL_AT_ROUND})`, async () => {
    const failures: Array<JsonResponse<{ code?: string; message?: string }>> = [];
    let killed: Promise<void> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      // Killed while the round's apply is in flight, not between two rounds.
      if (round === KILL_AT_ROUND) killed = new Promise((resolve) => setTimeout(resolve, 30)).then(() => cluster.stopNode(1));
      await converge(round, failures);
    }
    await killed;
    expect(cluster.runningUrls()).toHaveLength(2);
    process.stdout.write(`failover: ${ROUNDS} rounds converged; ${failures.length} answer(s) to retry during the failover: ${JSON.stringify(failures.map((f) => `${f.status} ${f.body.code ?? ''}`))}\n`);

    const connectors = await callJson<Array<{ id: string; name: string; config: { index: string } }>>(replica.url, 'GET', `/s/${SPACE}/api/actions/connectors`);
    expect(connectors.body.map((connector) => connector.name).sort()).toEqual(desiredAt(ROUNDS - 1).map((doc) => (doc.metadata as { name: string }).name).sort());
    // Exactly one recorded create per connector: none lost, none done twice.
    const events = await callJson<{ items: Array<{ connector_id?: string; outcome: string }>; total: number }>(replica.url, 'GET', `/api/reconciler/events?space=${SPACE}&action=connector.create&limit=1000`);
    const creates = events.body.items.filter((event) => event.outcome === 'success').map((event) => event.connector_id);
    expect(creates.sort()).toEqual(connectors.body.map((connector) => connector.id).sort());
    // Nothing left running: an apply cut off by the failover was recovered.
    const running = await callJson<{ items: unknown[] }>(replica.url, 'GET', `/api/reconciler/applies?status=running&limit=1000`);
    expect(running.body.items).toEqual([]);
    const final = await postPlan(replica.url, SET, desiredAt(ROUNDS - 1));
    expect(final.has_changes).toBe(false);
  }, 900_000);
});
