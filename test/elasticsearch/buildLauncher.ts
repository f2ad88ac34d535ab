/**
 * `npm run elasticsearch:build` and .ci/setup-elasticsearch.sh: builds the Elasticsearch test launcher
 * (Maven, jars cached in ~/.m2), then starts and stops one node to prove it runs. Prints what it took.
 */
import { startElasticsearchCluster } from './elasticsearchCluster.js';
import { elasticsearchMissingBecause, launcherClasspath } from './launcher.js';

const missing = elasticsearchMissingBecause();
if (missing !== null) {
  process.stderr.write(`elasticsearch:build: cannot build, ${missing}\n`);
  process.exit(1);
}
let started = Date.now();
const classpath = launcherClasspath();
process.stdout.write(`elasticsearch:build: launcher ready (${classpath.split(':').length} classpath entries) in ${Date.now() - started} ms\n`);
if (!process.argv.includes('--no-start')) {
  started = Date.now();
  const cluster = await startElasticsearchCluster({ nodes: 1, announce: false });
  process.stdout.write(`elasticsearch:build: Elasticsearch ${cluster.version} node started at ${cluster.urls[0]} in ${Date.now() - started} ms\n`);
  await cluster.stop();
}
