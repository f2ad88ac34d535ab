import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { elasticsearchAvailability, type ElasticsearchCluster, startElasticsearchCluster } from './elasticsearchCluster.js';

const INDEX = 'kcr-smoke-failover';
const START_TIMEOUT_MS = 300_000;

describe('startElasticsearchCluster input', () => {
  it('refuses a node count it cannot run, before starting anything', async () => {
    await expect(startElasticsearchCluster({ nodes: 0 })).rejects.toThrow('nodes must be an integer from 1 to 9, got 0');
    await expect(startElasticsearchCluster({ nodes: 2.5 })).rejects.toThrow('got 2.5');
  });
});

describeWithOutsideTool(elasticsearchAvailability(), 'a real 3-node Elasticsearch cluster from Maven Central', () => {
  let cluster: ElasticsearchCluster;
  let client: Client;

  beforeAll(async () => {
    cluster = await startElasticsearchCluster({ nodes: 3, startTimeoutMs: START_TIMEOUT_MS - 10_000 });
    client = new Client({ nodes: [...cluster.urls], maxRetries: 5, requestTimeout: 60_000 });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  }, 60_000);

  it('is green with three nodes, and GET / names the version it runs', async () => {
    const health = await client.cluster.health();
    expect(health.status).toBe('green');
    expect(health.number_of_nodes).toBe(3);
    const info = await client.info();
    expect(info.version.number).toBe(cluster.version);
    expect(cluster.version).toMatch(/^8\.\d+\.\d+$/);
    expect(info.cluster_name).toBe(cluster.clusterName);
  });

  it('keeps every document readable and takes writes after the node holding a primary is killed', async () => {
    await client.indices.create({
      index: INDEX,
      settings: { number_of_shards: 3, number_of_replicas: 1 },
      mappings: { dynamic: 'strict', properties: { n: { type: 'long' }, phase: { type: 'keyword' } } },
    });
    await client.cluster.health({ index: INDEX, wait_for_status: 'green', timeout: '60s' });
    const before = Array.from({ length: 60 }, (_, n) => ({ n, phase: 'before' }));
    const bulk = await client.bulk({
      refresh: 'wait_for',
      operations: before.flatMap((doc) => [{ create: { _index: INDEX, _id: `doc-${doc.n}` } }, doc]),
    });
    expect(bulk.errors).toBe(false);

    const shards = await client.cat.shards({ index: INDEX, format: 'json', h: 'shard,prirep,node' });
    const primaryNode = shards.find((shard) => shard.prirep === 'p' && shard.shard === '0')!.node!;
    const victim = cluster.urls.findIndex((_, index) => primaryNode.endsWith(`-node-${index}`));
    expect(victim).toBeGreaterThanOrEqual(0);
    await cluster.stopNode(victim);
    expect(cluster.runningUrls()).toHaveLength(2);

    const health = await client.cluster.health({ index: INDEX, wait_for_nodes: '2', wait_for_status: 'yellow', timeout: '60s' });
    expect(health.number_of_nodes).toBe(2);
    expect(health.status).not.toBe('red');

    const read = await client.mget<{ n: number }>({ index: INDEX, ids: before.map((doc) => `doc-${doc.n}`) });
    expect(read.docs.filter((doc) => 'found' in doc && doc.found)).toHaveLength(before.length);

    const after = await client.bulk({
      refresh: 'wait_for',
      operations: Array.from({ length: 20 }, (_, n) => [{ create: { _index: INDEX, _id: `after-${n}` } }, { n, phase: 'after' }]).flat(),
    });
    expect(after.errors).toBe(false);
    const conflict = await client.create({ index: INDEX, id: 'doc-0', document: { n: 0, phase: 'again' } }).catch((error: { meta?: { statusCode?: number } }) => error.meta?.statusCode);
    expect(conflict).toBe(409);
    expect((await client.count({ index: INDEX })).count).toBe(80);
  });
});
