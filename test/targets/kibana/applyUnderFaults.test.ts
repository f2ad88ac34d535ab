import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { DEFAULT_POLICY, type DesiredConnectorInput } from '../../../src/model/desired.js';
import { ReconcilerService } from '../../../src/reconciler/ReconcilerService.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import { seededSchedule, startFaultProxy, type FaultProxy, type FaultSchedule } from './faultProxy.js';
import { startRealKcr, type RealKcr } from './realKcr.js';

/*
 * Applies of 1,000+ operations from one kcr to another (playing Kibana) through a proxy that
 * injects faults into the writes: the final state is exactly the desired one, nothing is
 * duplicated or lost, and every injected fault is in the apply record.
 */

const SPACES = Array.from({ length: 10 }, (_, i) => `space-${i}`);
const actor = { name: 'soak' };

function desired(count: number, version: string): DesiredConnectorInput[] {
  return Array.from({ length: count }, (_, i): DesiredConnectorInput => ({
    spaceId: SPACES[i % SPACES.length], connectorId: `hook-${i}`, name: `Hook ${i} ${version}`, connectorTypeId: '.slack',
    config: {}, secrets: new SecretValue({ webhookUrl: `https://hooks.slack.com/services/${i}-${version}-secret` }),
    policy: DEFAULT_POLICY, labels: {}, source: { file: 'hooks.yaml', document: i, name: `hook-${i}` },
  }));
}

let kibana: RealKcr;
let proxy: FaultProxy;
let dataDir: string;
let store: SqliteStore;
let target: KibanaTarget;
let service: ReconcilerService;

beforeAll(async () => {
  kibana = await startRealKcr({}, true);
  const writeFaults = seededSchedule(6, 0.15, [
    { kind: 'delay', ms: 2 }, { kind: 'rateLimit', retryAfter: '0' }, { kind: 'unavailable' }, { kind: 'drop' }, { kind: 'loseResponse' },
  ]);
  // List calls are left alone: a plan has no apply record to show their faults in.
  const schedule: FaultSchedule = (request) => (request.path.endsWith('/connectors') ? { kind: 'none' } : writeFaults(request));
  proxy = await startFaultProxy(kibana.url, schedule);
  dataDir = mkdtempSync(join(tmpdir(), 'kcr-soak-'));
  const registry = createConnectorTypeRegistry();
  const config = loadConfig({ cwd: dataDir, env: {}, dataDir, overrides: { target: { type: 'kibana', url: proxy.url } }, registry });
  store = await openSqliteStore({ dataDir });
  target = new KibanaTarget({ url: proxy.url, retry: { maxAttempts: 15, baseDelayMs: 1, maxDelayMs: 2 } }, { sleep: async () => undefined });
  service = new ReconcilerService({ config, store, target, registry });
});

afterAll(async () => {
  await target.close();
  await store.close();
  await proxy.close();
  await kibana.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function heldByKibana(): Promise<string[]> {
  const lists = await Promise.all(SPACES.map((spaceId) => kibana.testApp.target.listConnectors(spaceId)));
  return lists.flat().map((c) => `${c.spaceId}/${c.id}=${c.name}`).sort();
}

const expected = (list: DesiredConnectorInput[]) => list.map((d) => `${d.spaceId}/${d.connectorId}=${d.name}`).sort();

describe('applies through injected faults', () => {
  it('creates 600, then updates 400 and deletes 200, exactly, with every fault recorded', async () => {
    const steps = [desired(600, 'v1'), desired(400, 'v2')];
    const records = [];
    for (const step of steps) {
      const planned = await service.plan({ set: 'soak', desired: step, actor });
      const record = await service.apply(planned.plan.plan_id, { actor });
      expect(record.status).toBe('succeeded');
      expect(await heldByKibana()).toEqual(expected(step));
      records.push(record);
    }
    expect(records.flatMap((r) => r.operations)).toHaveLength(1_200);

    const faults = proxy.injected.filter((f) => f.kind !== 'delay');
    const recorded = records.flatMap((r) => r.operations.flatMap((op) => op.attempts ?? [])).filter((line) => /^attempt \d+: /.test(line));
    expect(faults.length).toBeGreaterThan(100);
    expect(recorded).toHaveLength(faults.length);
    expect(JSON.stringify(records)).not.toContain('-secret');

    const converged = await service.plan({ set: 'soak', desired: desired(400, 'v2'), actor });
    expect(converged.plan.has_changes).toBe(false);
  }, 400_000);
});
