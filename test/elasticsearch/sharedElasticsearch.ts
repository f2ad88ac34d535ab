import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type ElasticsearchCluster, startElasticsearchCluster } from './elasticsearchCluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of globalSetup.ts's broker, which starts the shared node on first request. */
    kcrElasticsearchBroker: string | null;
  }
}

/** Where a test's Elasticsearch is: one node shared by all test files of a run. */
export interface SharedElasticsearch {
  url: string;
  version: string;
}

let ownNode: Promise<ElasticsearchCluster> | null = null;

async function versionAt(url: string): Promise<string> {
  const response = await fetch(url);
  const body = (await response.json()) as { version?: { number?: string } };
  if (!response.ok || !body.version?.number) throw new Error(`GET ${url} did not answer like Elasticsearch: ${JSON.stringify(body)}`);
  return body.version.number;
}

/**
 * The single-node Elasticsearch shared by every test file (Store contract suites and the like):
 * - KCR_TEST_ELASTICSEARCH_URL when set (a cluster of your own; nothing is started);
 * - else the node globalSetup.ts starts on the first request of the run;
 * - else (globalSetup not configured) a node started for this worker process.
 * Tests share it: give every test its own index prefix (uniqueIndexPrefix) and delete its indices after.
 */
export async function sharedElasticsearch(): Promise<SharedElasticsearch> {
  const external = process.env.KCR_TEST_ELASTICSEARCH_URL;
  if (external) return { url: external.replace(/\/+$/, ''), version: await versionAt(external) };
  const broker = inject('kcrElasticsearchBroker');
  if (broker) {
    const response = await fetch(`${broker}/cluster`);
    const body = (await response.json()) as SharedElasticsearch & { error?: string };
    if (!response.ok) throw new Error(body.error ?? `the Elasticsearch broker answered ${response.status}`);
    return { url: body.url, version: body.version };
  }
  ownNode ??= startElasticsearchCluster({ nodes: 1 });
  const cluster = await ownNode;
  return { url: cluster.urls[0], version: cluster.version };
}

/** A lowercase index prefix no other test uses, e.g. "kcr-t-contract-3f9a1c2b". */
export function uniqueIndexPrefix(label = 'test'): string {
  return `kcr-t-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(4).toString('hex')}`;
}
