import { afterEach, describe, expect, it } from 'vitest';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import { listConnectorsInSpaces } from '../../../src/targets/kibana/listConnectorsInSpaces.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { startFaultProxy, type FaultProxy } from './faultProxy.js';
import { startRealKcr, type RealKcr } from './realKcr.js';

let kibana: RealKcr;
let proxy: FaultProxy;
let target: KibanaTarget;

afterEach(async () => {
  await target.close();
  await proxy.close();
  await kibana.close();
});

describe('listConnectorsInSpaces', () => {
  it('makes exactly one list call per space, at most `concurrency` at once, and nothing else', async () => {
    kibana = await startRealKcr();
    // Every call held 15ms by the proxy, so calls that may overlap do.
    proxy = await startFaultProxy(kibana.url, () => ({ kind: 'delay', ms: 15 }));
    target = new KibanaTarget({ url: proxy.url, concurrency: 10 });
    for (let i = 0; i < 30; i++) {
      const spaceId = `space-${i % 10}`;
      await kibana.testApp.target.createConnector(spaceId, `c${i}`, '.index', { name: `c${i}`, config: { index: 'x' }, secrets: new SecretValue({}) });
    }
    const spaces = Array.from({ length: 40 }, (_, i) => `space-${i}`);
    const bySpace = await listConnectorsInSpaces(target, [...spaces, 'space-0'], 4);

    expect([...bySpace.keys()]).toEqual(spaces);
    expect(bySpace.get('space-3')?.map((c) => c.id)).toEqual(['c13', 'c23', 'c3']);
    expect(bySpace.get('space-39')).toEqual([]);
    expect([...proxy.counts.entries()].sort()).toEqual(spaces.map((s) => [`GET /s/${s}/api/actions/connectors`, 1]).sort());
    expect(proxy.maxInFlight).toBe(4);
  });

  it('never has more than the target\'s `concurrency` requests in flight, however many calls are made', async () => {
    kibana = await startRealKcr();
    proxy = await startFaultProxy(kibana.url, () => ({ kind: 'delay', ms: 15 }));
    target = new KibanaTarget({ url: proxy.url, concurrency: 3 });
    const spaces = Array.from({ length: 24 }, (_, i) => `space-${i}`);
    const bySpace = await listConnectorsInSpaces(target, spaces, 24);
    expect(bySpace.size).toBe(24);
    expect(proxy.maxInFlight).toBe(3);
  });
});
