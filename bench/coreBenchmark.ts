import { join } from 'node:path';
import { openRuntime } from '../src/cli/runtime.js';
import { createConnectorTypeRegistry } from '../src/connector-types/ConnectorTypeRegistry.js';
import { LOCAL_CLI_ACTOR } from '../src/model/events.js';
import { StoreManifestCache, loadManifestPaths } from '../src/reconciler/manifests/index.js';
import { generateManifests, type GeneratedSet } from './generateManifests.js';
import { collectGarbage, parseFloor, printRow, timeAsync } from './measure.js';

/**
 * Validate+plan, apply, the no-op re-plan with and without the parse cache (each vs the YAML
 * parse floor), and a 1% re-plan, on the embedded SQLite store.
 */
export async function runCoreBenchmark({ root, generated }: { root: string; generated: GeneratedSet }): Promise<void> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: root };
  const runtime = await openRuntime(io, { dataDir: join(root, 'data') });
  const registry = createConnectorTypeRegistry();
  // The CLI's local runs keep parsed files in the store (parsedManifestCache.ts); `cache: false` parses every file.
  const load = async (dir: string, cache: boolean) => {
    const parseCache = cache ? new StoreManifestCache(async () => runtime.store) : undefined;
    const result = await loadManifestPaths([dir], { registry, settings: runtime.config.actions, env: {}, cwd: root, parseCache });
    if (!result.ok) throw new Error(`benchmark manifests invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
    return result.connectors;
  };
  // Only a plan's id and figures outlive its phase: a 10,000-connector plan held by the benchmark
  // would count in the next phase's peak RSS, which a CLI run never pays.
  const planOf = async (dir: string, cache = true) => {
    const desired = await load(dir, cache);
    const { plan } = await runtime.service.plan({ set: 'bench', desired, actor: LOCAL_CLI_ACTOR, allowEmpty: false });
    return { plan: { plan_id: plan.plan_id, has_changes: plan.has_changes, summary: plan.summary } };
  };
  const applyOf = async (planId: string) => {
    const { summary, status } = await runtime.service.apply(planId, { actor: LOCAL_CLI_ACTOR });
    return { summary, status };
  };
  try {
    collectGarbage();
    const first = await timeAsync(() => planOf(generated.dir));
    printRow('validate + plan, empty store (parse cache empty)', `${first.ms.toFixed(0)} ms (${first.result.plan.summary.create} creates)`);

    collectGarbage();
    const apply = await timeAsync(() => applyOf(first.result.plan.plan_id));
    printRow(`apply of ${apply.result.summary.succeeded} creates`, `${apply.ms.toFixed(0)} ms (${apply.result.status})`);

    collectGarbage();
    const floor = parseFloor(generated.files);
    collectGarbage();
    const parsed = await timeAsync(() => planOf(generated.dir, false));
    collectGarbage();
    const cached = await timeAsync(() => planOf(generated.dir));
    printRow('YAML parse floor (read + parse to data, same files)', `${floor.toFixed(0)} ms`);
    printRow('no-op re-plan, every file parsed (parse cache off)', `${parsed.ms.toFixed(0)} ms (has_changes=${parsed.result.plan.has_changes})`);
    printRow('  / parse floor', `${(parsed.ms / floor).toFixed(2)}x`);
    printRow('no-op re-plan, files unchanged (parse cache on)', `${cached.ms.toFixed(0)} ms (has_changes=${cached.result.plan.has_changes})`);
    printRow('  / parse floor', `${(cached.ms / floor).toFixed(2)}x`);

    const changed = new Set<string>();
    const perSpace = Math.ceil(generated.connectors / generated.spaces);
    for (let k = 0; k < generated.connectors / 100; k++) changed.add(`${k % generated.spaces}/${Math.floor(k / generated.spaces) % perSpace}`);
    const changedDir = join(root, 'manifests-1pct');
    generateManifests(changedDir, generated.connectors, generated.spaces, changed);
    collectGarbage();
    const onePercent = await timeAsync(() => planOf(changedDir));
    // The changed connectors are spread over every file, so every file is parsed again.
    printRow('re-plan with 1% changed (in every file: all parsed)', `${onePercent.ms.toFixed(0)} ms (${onePercent.result.plan.summary.update} updates)`);
  } finally {
    await runtime.close();
  }
}
