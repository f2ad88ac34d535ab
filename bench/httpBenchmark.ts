/**
 * HTTP throughput of the Kibana-compatible API (issue 3): GET one connector and the list of a
 * space, against a bare express route served the same way, in the same run (the ratio is the
 * figure that compares across machines). autocannon runs in this process too, so every server
 * shares the same CPU budget with its load generator.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import express from 'express';
import { createApp } from '../src/api/app.js';
import { openRuntime } from '../src/cli/runtime.js';
import { createLogger } from '../src/logging/createLogger.js';
import { SecretValue } from '../src/secrets/SecretValue.js';
import { printRow } from './measure.js';

const CONNECTORS_IN_SPACE = 100;
const DURATION_S = Number(process.env.KCR_BENCH_HTTP_SECONDS ?? 3);

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

async function requestsPerSecond(url: string): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: DURATION_S, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

export async function run(root: string): Promise<void> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: root };
  const runtime = await openRuntime(io, { dataDir: join(root, 'http-data') });
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const logger = createLogger({ level: runtime.config.logLevel, destination: discard });
  let firstId = '';
  for (let i = 0; i < CONNECTORS_IN_SPACE; i++) {
    const created = await runtime.target.createConnector('default', undefined, '.index', { name: `bench-${i}`, config: { index: `bench-${i}` }, secrets: new SecretValue({}) });
    if (i === 0) firstId = created.id;
  }
  const kcr = await listen(createApp({ config: runtime.config, store: runtime.store, target: runtime.target, registry: runtime.registry, logger, reconciler: runtime.service }));
  const bareApp = express();
  bareApp.get('/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });
  const bare = await listen(bareApp);
  try {
    const bareRps = await requestsPerSecond(`${bare.url}/hello`);
    const getRps = await requestsPerSecond(`${kcr.url}/s/default/api/actions/connector/${firstId}`);
    const listRps = await requestsPerSecond(`${kcr.url}/s/default/api/actions/connectors`);
    printRow('HTTP: bare express route (baseline)', `${bareRps.toFixed(0)} req/s`);
    printRow('HTTP: GET connector', `${getRps.toFixed(0)} req/s (${(getRps / bareRps).toFixed(2)}x of bare)`);
    printRow(`HTTP: GET connectors (list of ${CONNECTORS_IN_SPACE})`, `${listRps.toFixed(0)} req/s (${(listRps / bareRps).toFixed(2)}x of bare)`);
  } finally {
    kcr.server.close();
    bare.server.close();
    await runtime.close();
  }
}
