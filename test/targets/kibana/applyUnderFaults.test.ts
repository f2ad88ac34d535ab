import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type DesiredConnectorInput } from '../../../src/model/desired.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { seededSchedule, type FaultSchedule } from './faultProxy.js';
import { startRealKcr, type RealKcr } from './realKcr.js';
import { heldByKibana, startReconcilerOverProxy, type ReconcilerOverProxy } from './reconcilerOverProxy.js';

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
let over: ReconcilerOverProxy;

beforeAll(async () => {
  kibana = await startRealKcr({}, true);
  const writeFaults = seededSchedule(6, 0.15, [
    { kind: 'delay', ms: 2 }, { kind: 'rateLimit', retryAfter: '0' }, { kind: 'unavailable' }, { kind: 'drop' }, { kind: 'loseResponse' },
  ]);
  // List calls are left alone: a plan has no apply record to show their faults in.
  const schedule: FaultSchedule = (request) => (request.path.endsWith('/connectors') ? { kind: 'none' } : writeFaults(request));
  over = await startReconcilerOverProxy(kibana, schedule, { maxAttempts: 15, baseDelayMs: 1, maxDelayMs: 2 });
});

afterAll(() => over.close());


const expected = (list: DesiredConnectorInput[]) => list.map((d) => `${d.spaceId}/${d.connectorId}=${d.name}`).sort();

describe('applies through injected faults', () => {
  it('creates 600, then updates 400 and deletes 200, exactly, with every fault recorded', async () => {
    const steps = [desired(600, 'v1'), desired(400, 'v2')];
    const records = [];
    for (const step of steps) {
      const planned = await over.service.plan({ set: 'soak', desired: step, actor });
      const record = await over.service.apply(planned.plan.plan_id, { actor });
      expect(record.status).toBe('succeeded');
      expect(await heldByKibana(kibana, SPACES)).toEqual(expected(step));
      records.push(record);
    }
    expect(records.flatMap((r) => r.operations)).toHaveLength(1_200);

    const faults = over.proxy.injected.filter((f) => f.kind !== 'delay');
    const recorded = records.flatMap((r) => r.operations.flatMap((op) => op.attempts ?? [])).filter((line) => /^attempt \d+: /.test(line));
    expect(faults.length).toBeGreaterThan(100);
    expect(recorded).toHaveLength(faults.length);
    expect(JSON.stringify(records)).not.toContain('-secret');

    const converged = await over.service.plan({ set: 'soak', desired: desired(400, 'v2'), actor });
    expect(converged.plan.has_changes).toBe(false);
  }, 400_000);
});
