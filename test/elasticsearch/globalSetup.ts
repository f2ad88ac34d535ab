import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { type ElasticsearchCluster, startElasticsearchCluster } from './elasticsearchCluster.js';
import './sharedElasticsearch.js';

/**
 * vitest globalSetup: ONE single-node Elasticsearch for the whole run, started only when a test asks
 * for it (sharedElasticsearch()), so a run without Elasticsearch suites costs nothing. Tests reach it
 * through a loopback broker whose URL is provided to them; the node is stopped at the end of the run.
 * With KCR_TEST_ELASTICSEARCH_URL set, tests use that cluster and nothing is started.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: Promise<ElasticsearchCluster> | null = null;
  const server = createServer((request, response) => {
    if (request.url !== '/cluster') {
      response.writeHead(404).end();
      return;
    }
    cluster ??= startElasticsearchCluster({ nodes: 1 });
    cluster.then(
      (running) => response.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ url: running.urls[0], version: running.version })),
      (error: Error) => response.writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: `the shared Elasticsearch did not start: ${error.message}` })),
    );
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('kcrElasticsearchBroker', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  return async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    const running = await cluster?.catch(() => null);
    await running?.stop();
  };
}
