import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { elasticsearchAvailability } from './elasticsearchCluster.js';
import { sharedElasticsearch, type SharedElasticsearch, uniqueIndexPrefix } from './sharedElasticsearch.js';

describeWithOutsideTool(elasticsearchAvailability(), 'the single-node Elasticsearch shared by test files', () => {
  let shared: SharedElasticsearch;
  let client: Client;
  const prefix = uniqueIndexPrefix('Shared Node');

  beforeAll(async () => {
    shared = await sharedElasticsearch();
    client = new Client({ node: shared.url });
  }, 300_000);

  afterAll(async () => {
    await client?.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true });
    await client?.close();
  });

  it('is the same node for every caller, and answers as the version it reports', async () => {
    expect((await sharedElasticsearch()).url).toBe(shared.url);
    expect((await client.info()).version.number).toBe(shared.version);
    const health = await client.cluster.health();
    expect(health.number_of_nodes).toBe(1);
    expect(health.status).not.toBe('red');
  });

  it('gives each test an index prefix of its own that Elasticsearch accepts', async () => {
    expect(prefix).toMatch(/^kcr-t-shared-node-[0-9a-f]{8}$/);
    expect(uniqueIndexPrefix('Shared Node')).not.toBe(prefix);
    await client.indices.create({ index: `${prefix}-plans`, mappings: { dynamic: 'strict', properties: { id: { type: 'keyword' } } } });
    await client.index({ index: `${prefix}-plans`, id: 'p1', document: { id: 'p1' }, refresh: 'wait_for' });
    expect((await client.count({ index: `${prefix}-*` })).count).toBe(1);
  });
});
