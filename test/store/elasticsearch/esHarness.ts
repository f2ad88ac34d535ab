import { Client } from '@elastic/elasticsearch';
import { openElasticsearchStore, type ElasticsearchStoreOptions } from '../../../src/store/elasticsearch/ElasticsearchStore.js';
import type { Store } from '../../../src/store/Store.js';
import { elasticsearchAvailability } from '../../elasticsearch/elasticsearchCluster.js';
import { sharedElasticsearch, uniqueIndexPrefix } from '../../elasticsearch/sharedElasticsearch.js';
import type { OutsideTool } from '../../helpers/outsideTool.js';

/** The fixed test key: every store a harness opens shares it, as replicas do. */
export const TEST_ENCRYPTION_KEY = '0f'.repeat(32);

/** The variable the test setup sets to the shared cluster's URL (test/elasticsearch/). */
const URL_VARIABLE = 'KCR_TEST_ELASTICSEARCH_URL';

/** Whether the Elasticsearch rows can run: a shared cluster URL, or Java + Maven to start one. */
export function elasticsearchTool(): OutsideTool {
  if (process.env[URL_VARIABLE]) return { needs: 'a real Elasticsearch', missingBecause: null, enableWith: 'npm run elasticsearch:build' };
  return elasticsearchAvailability();
}

/** The cluster the suites share (test/elasticsearch/sharedElasticsearch.ts: KCR_TEST_ELASTICSEARCH_URL, or the run's one node). */
export async function sharedClusterUrl(): Promise<string> {
  return (await sharedElasticsearch()).url;
}

/** A fresh index prefix per harness: suites share the cluster without seeing each other. */
export function uniquePrefix(): string {
  return uniqueIndexPrefix('store');
}

/** Deletes every index of a prefix (tests only; kcr itself never deletes an index). */
export async function deleteIndices(url: string, prefix: string): Promise<void> {
  const client = new Client({ node: url });
  try {
    await client.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true, expand_wildcards: 'all' });
  } finally {
    await client.close();
  }
}

export interface ElasticsearchHarness {
  url: string;
  prefix: string;
  open(options?: { now?: () => Date } & Partial<ElasticsearchStoreOptions>): Promise<Store>;
  cleanup(): Promise<void>;
}

/** Emptied prefixes of finished harnesses in this worker: creating ten indices takes seconds, emptying them a fraction. */
const emptiedPrefixes: string[] = [];

/** Deletes the indices of this worker's emptied prefixes (at the end of a test file). */
export async function deletePooledPrefixes(): Promise<void> {
  if (emptiedPrefixes.length === 0) return;
  const url = await sharedClusterUrl();
  for (const prefix of emptiedPrefixes.splice(0)) await deleteIndices(url, prefix);
}

/** Empties every index of a prefix (documents only; the indices and their mappings stay). */
async function emptyIndices(url: string, prefix: string): Promise<void> {
  const client = new Client({ node: url });
  try {
    // Search and bulk delete: the test cluster has no reindex module, so no _delete_by_query.
    await client.indices.refresh({ index: `${prefix}-*` });
    for (;;) {
      const { hits } = await client.search({ index: `${prefix}-*`, size: 10_000, _source: false, query: { match_all: {} } });
      if (hits.hits.length === 0) break;
      await client.bulk({ refresh: true, operations: hits.hits.map((hit) => ({ delete: { _index: hit._index, _id: hit._id! } })) });
    }
  } finally {
    await client.close();
  }
}

/**
 * Stores of one index prefix on the shared cluster (two opens race like two replicas). The
 * prefix is new, or one a finished harness of this worker emptied: every test starts from an
 * empty store either way. `fresh: true` insists on indices that do not exist yet.
 */
export async function elasticsearchHarness(options: { fresh?: boolean } = {}): Promise<ElasticsearchHarness> {
  const url = await sharedClusterUrl();
  const prefix = (!options.fresh && emptiedPrefixes.pop()) || uniquePrefix();
  const opened: Store[] = [];
  return {
    url,
    prefix,
    async open(options = {}) {
      const store = await openElasticsearchStore({ nodes: [url], indexPrefix: prefix, encryptionKey: TEST_ENCRYPTION_KEY, ...options });
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const store of opened) await store.close();
      await emptyIndices(url, prefix);
      emptiedPrefixes.push(prefix);
    },
  };
}
