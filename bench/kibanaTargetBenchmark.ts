/**
 * The kibana target (issue 6): kcr's read of 10,000 connectors across 100 spaces (one list call
 * per space, bounded concurrency) against a Terraform-style refresh of the same connectors (one
 * GET per connector, 10 in parallel), both against the same kcr server in the same run, so the
 * ratio compares across machines. The server is a kcr app on the embedded target, seeded through
 * its target (not over HTTP), serving in this process: every figure shares the same CPU budget.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Agent, request } from 'undici';
import { createApp } from '../src/api/app.js';
import { openRuntime, type Runtime } from '../src/cli/runtime.js';
import { loadConfig } from '../src/config/loadConfig.js';
import { createConnectorTypeRegistry } from '../src/connector-types/ConnectorTypeRegistry.js';
import { createLogger } from '../src/logging/createLogger.js';
import type { DesiredConnectorInput } from '../src/model/desired.js';
import { LOCAL_CLI_ACTOR } from '../src/model/events.js';
import { loadManifestPaths } from '../src/reconciler/manifests/index.js';
import { readActualState } from '../src/reconciler/readActualState.js';
import { ReconcilerService } from '../src/reconciler/ReconcilerService.js';
import { openSqliteStore } from '../src/store/sqlite/SqliteStore.js';
import { KibanaTarget } from '../src/targets/kibana/KibanaTarget.js';
import { generateManifests } from './generateManifests.js';
import { printRow, timeAsync } from './measure.js';

const TOTAL = Number(process.env.KCR_BENCH_CONNECTORS ?? 10_000);
const SPACES = Number(process.env.KCR_BENCH_SPACES ?? 100);
/** The Terraform provider refreshes resources with terraform's default parallelism, 10. */
const REFRESH_PARALLELISM = 10;

async function desiredConnectors(root: string): Promise<DesiredConnectorInput[]> {
  const generated = generateManifests(join(root, 'kibana-manifests'), TOTAL, SPACES);
  const result = await loadManifestPaths([generated.dir], {
    registry: createConnectorTypeRegistry(), settings: loadConfig({ cwd: root, env: {} }).actions, env: {}, cwd: root,
  });
  if (!result.ok) throw new Error(`benchmark manifests invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result.connectors;
}

/** The stand-in Kibana: an embedded-target kcr holding every connector, served on loopback. */
async function servedKibana(root: string, desired: DesiredConnectorInput[]): Promise<{ runtime: Runtime; server: Server; url: string; seedMs: number }> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: root };
  const runtime = await openRuntime(io, { dataDir: join(root, 'kibana-served') });
  const seed = await timeAsync(async () => {
    for (const d of desired) {
      await runtime.target.createConnector(d.spaceId, d.connectorId, d.connectorTypeId, { name: d.name, config: d.config, secrets: d.secrets });
    }
  });
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const logger = createLogger({ level: runtime.config.logLevel, destination: discard });
  const server = createApp({ config: runtime.config, store: runtime.store, target: runtime.target, registry: runtime.registry, logger, reconciler: runtime.service })
    .listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { runtime, server, url: `http://127.0.0.1:${address.port}`, seedMs: seed.ms };
}

/** What the Terraform provider does on refresh: one GET per connector, `parallelism` at a time, over keep-alive. */
async function terraformRefresh(url: string, desired: DesiredConnectorInput[], parallelism: number): Promise<number> {
  const agent = new Agent({ connections: parallelism });
  let next = 0;
  let read = 0;
  const worker = async (): Promise<void> => {
    while (next < desired.length) {
      const d = desired[next++];
      const response = await request(`${url}/s/${encodeURIComponent(d.spaceId)}/api/actions/connector/${encodeURIComponent(d.connectorId)}`, { dispatcher: agent });
      if (response.statusCode !== 200) throw new Error(`refresh GET of ${d.spaceId}/${d.connectorId}: ${response.statusCode}`);
      await response.body.json();
      read += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: parallelism }, worker));
  } finally {
    await agent.close();
  }
  return read;
}

export async function run(root: string): Promise<void> {
  const desired = await desiredConnectors(root);
  const spaceIds = [...new Set(desired.map((d) => d.spaceId))].sort();
  const kibana = await servedKibana(root, desired);
  const dataDir = join(root, 'kibana-planner');
  const config = loadConfig({ cwd: root, env: {}, dataDir, overrides: { target: { type: 'kibana', url: kibana.url } } });
  const store = await openSqliteStore({ dataDir });
  const target = new KibanaTarget({ url: kibana.url });
  const service = new ReconcilerService({ config, store, target, registry: createConnectorTypeRegistry() });
  try {
    printRow(`kibana target: seed ${desired.length} connectors (store, not HTTP)`, `${kibana.seedMs.toFixed(0)} ms`);
    // One round of each kind first, so neither measured side pays for the server's first requests.
    await readActualState(target, spaceIds.slice(0, 1));
    await terraformRefresh(kibana.url, desired.slice(0, REFRESH_PARALLELISM), REFRESH_PARALLELISM);

    const read = await timeAsync(() => readActualState(target, spaceIds));
    printRow(`kibana target: kcr read, ${spaceIds.length} list calls (${target.concurrency} at once)`, `${read.ms.toFixed(0)} ms (${read.result.length} connectors)`);
    const plan = await timeAsync(() => service.plan({ set: 'bench-kibana', desired, actor: LOCAL_CLI_ACTOR }));
    const summary = plan.result.plan.summary;
    printRow('kibana target: kcr plan (read + diff + store)', `${plan.ms.toFixed(0)} ms (${summary.no_op + summary.update} adopted, ${summary.create} creates)`);
    const refresh = await timeAsync(() => terraformRefresh(kibana.url, desired, REFRESH_PARALLELISM));
    printRow(`Terraform-style refresh: ${refresh.result} GETs, ${REFRESH_PARALLELISM} in parallel`, `${refresh.ms.toFixed(0)} ms`);
    printRow('refresh / kcr read (one list per space)', `${(refresh.ms / read.ms).toFixed(1)}x`);
    printRow('refresh / kcr plan (read + diff + store)', `${(refresh.ms / plan.ms).toFixed(1)}x`);
  } finally {
    await target.close();
    await store.close();
    kibana.server.closeAllConnections();
    await new Promise<void>((resolve) => kibana.server.close(() => resolve()));
    await kibana.runtime.close();
  }
}
