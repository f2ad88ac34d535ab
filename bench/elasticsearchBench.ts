import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { registerBenchStore } from './benchStores.js';

/**
 * The Elasticsearch store's column in the scaling table: the same whole `kcr` processes as for
 * SQLite, with `KCR_STORE_TYPE=elasticsearch`. The cluster is KCR_BENCH_ELASTICSEARCH_URL, or else
 * a single node started here from the test launcher (test/elasticsearch/, Java 17 + Maven) and
 * stopped with the bench. Every table row gets a fresh index prefix; the previous row's indices
 * are deleted first.
 */
const env: Record<string, string> = { KCR_STORE_TYPE: 'elasticsearch', KCR_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
let url: string | undefined;
let version = '';
let stopOwnNode: (() => Promise<void>) | undefined;

async function available(): Promise<true | string> {
  url = process.env.KCR_BENCH_ELASTICSEARCH_URL;
  if (!url) {
    const { elasticsearchMissingBecause, startElasticsearchCluster } = await import('../test/elasticsearch/elasticsearchCluster.js');
    const missing = elasticsearchMissingBecause();
    if (missing !== null) return `${missing}; or set KCR_BENCH_ELASTICSEARCH_URL`;
    const cluster = await startElasticsearchCluster({ nodes: 1, heapMb: 1024, announce: false });
    stopOwnNode = () => cluster.stop();
    url = cluster.urls[0];
  }
  const client = new Client({ node: url });
  try {
    version = (await client.info()).version.number;
  } catch (error) {
    return `Elasticsearch at ${url} does not answer (${(error as Error).message})`;
  } finally {
    await client.close();
  }
  env.KCR_STORE_NODES = url;
  console.log(`\nElasticsearch store: ${version} (single node) at ${url}`);
  return true;
}

async function reset(): Promise<void> {
  const previous = env.KCR_STORE_INDEX_PREFIX;
  if (previous) {
    const client = new Client({ node: url! });
    try {
      await client.indices.delete({ index: `${previous}-*`, ignore_unavailable: true, allow_no_indices: true });
    } finally {
      await client.close();
    }
  }
  env.KCR_STORE_INDEX_PREFIX = `kcr-bench-${randomBytes(4).toString('hex')}`;
}

registerBenchStore({ name: 'elasticsearch', env, available, reset, close: async () => stopOwnNode?.() });
