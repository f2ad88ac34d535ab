import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import type { CallReport } from '../../../src/targets/Target.js';
import { seededSchedule, startFaultProxy, type FaultProxy } from './faultProxy.js';
import { startRealKcr, type RealKcr } from './realKcr.js';

/*
 * 1,000 writes to a real kcr app (playing Kibana) through a proxy that injects every fault kind into about a fifth of the
 * requests. The final state must be exactly the intended one (no duplicate, nothing lost)
 * and every injected fault must show in some call's report, as it would in the apply record.
 */

const SPACES = ['default', 'ops', 'sec', 'obs'];
const write = (name: string) => ({ name, config: {}, secrets: new SecretValue({ webhookUrl: `https://hooks.slack.com/services/tok-${name}` }) });

let kibana: RealKcr;
let proxy: FaultProxy;
let target: KibanaTarget;

beforeAll(async () => {
  // kcr's own write rate limit would add real 429s to the injected ones: lift it for this test.
  kibana = await startRealKcr({}, true);
  proxy = await startFaultProxy(kibana.url, seededSchedule(20261129, 0.2, [
    { kind: 'delay', ms: 2 },
    { kind: 'rateLimit', retryAfter: '0' },
    { kind: 'unavailable' },
    { kind: 'drop' },
    { kind: 'loseResponse' },
  ]));
  target = new KibanaTarget(
    { url: proxy.url, apiKey: 'a2V5', concurrency: 10, retry: { maxAttempts: 15, baseDelayMs: 1, maxDelayMs: 2 } },
    { sleep: async () => undefined },
  );
});

afterAll(async () => {
  await target.close();
  await proxy.close();
  await kibana.close();
});

async function runAll<T>(items: T[], work: (item: T) => Promise<void>, workers = 10): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

describe('kibana target under injected faults', () => {
  it('ends in exactly the intended state after 1,000 writes, with every fault recorded', async () => {
    const reports: CallReport[] = [];
    const report = (): CallReport => {
      const r: CallReport = { attempts: [] };
      reports.push(r);
      return r;
    };
    // 400 creates (100 of them with an id kcr picks), 300 updates, 300 deletes.
    const created: Array<{ spaceId: string; id: string }> = [];
    const indexes = Array.from({ length: 400 }, (_, i) => i);
    await runAll(indexes, async (i) => {
      const spaceId = SPACES[i % SPACES.length];
      const connector = await target.createConnector(spaceId, i < 300 ? `c-${i}` : undefined, '.slack', write(`n-${i}`), report());
      created[i] = { spaceId, id: connector.id };
    });
    await runAll(indexes.slice(0, 300), async (i) => {
      await target.updateConnector(created[i].spaceId, created[i].id, write(`v2-${i}`), report());
    });
    await runAll(indexes.slice(100), async (i) => {
      await target.deleteConnector(created[i].spaceId, created[i].id, report());
    });

    const expected = indexes.slice(0, 100).map((i) => `${created[i].spaceId}/${created[i].id}=v2-${i}`).sort();
    const held = await Promise.all(SPACES.map((spaceId) => kibana.testApp.target.listConnectors(spaceId)));
    const actual = held.flat().map((c) => `${c.spaceId}/${c.id}=${c.name}`).sort();
    expect(actual).toEqual(expected);

    const faults = proxy.injected.filter((f) => f.kind !== 'delay');
    const recorded = reports.flatMap((r) => r.attempts).filter((line) => /^attempt \d+: /.test(line));
    expect(faults.length).toBeGreaterThan(100);
    expect(new Set(proxy.injected.map((f) => f.kind))).toEqual(new Set(['delay', 'rateLimit', 'unavailable', 'drop', 'loseResponse']));
    expect(recorded).toHaveLength(faults.length);
    expect(recorded.filter((line) => line.includes('giving up'))).toEqual([]);
    // Secrets never reach a report line.
    expect(JSON.stringify(reports)).not.toContain('tok-');
    // Generous: about 1,300 HTTP round trips through a proxy on a loaded 2-core CI machine.
  }, 240_000);
});
