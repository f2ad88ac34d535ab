import { afterEach, describe, expect, it } from 'vitest';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import { listConnectorsInSpaces } from '../../../src/targets/kibana/listConnectorsInSpaces.js';
import { startFakeKibana, type FakeKibana } from './fakeKibana.js';
import { scriptedSchedule, startFaultProxy, type FaultProxy } from './faultProxy.js';

let kibana: FakeKibana;
let proxy: FaultProxy;
let target: KibanaTarget;

afterEach(async () => {
  await target.close();
  await proxy.close();
  await kibana.close();
});

describe('listConnectorsInSpaces', () => {
  it('makes exactly one list call per space, at most `concurrency` at once, and nothing else', async () => {
    kibana = await startFakeKibana();
    kibana.listDelayMs = 15;
    proxy = await startFaultProxy(kibana.url, scriptedSchedule([]));
    target = new KibanaTarget({ url: proxy.url, concurrency: 10 });
    for (let i = 0; i < 30; i++) {
      const spaceId = `space-${i % 10}`;
      kibana.connectors.set(`${spaceId}/c${i}`, {
        spaceId, id: `c${i}`, name: `c${i}`, connectorTypeId: '.slack', config: {}, secrets: {}, isMissingSecrets: false,
      });
    }
    const spaces = Array.from({ length: 40 }, (_, i) => `space-${i}`);
    const bySpace = await listConnectorsInSpaces(target, [...spaces, 'space-0'], 4);

    expect([...bySpace.keys()]).toEqual(spaces);
    expect(bySpace.get('space-3')?.map((c) => c.id)).toEqual(['c13', 'c23', 'c3', 'my-slack1']);
    expect(bySpace.get('space-39')?.map((c) => c.id)).toEqual(['my-slack1']);
    expect([...proxy.counts.entries()].sort()).toEqual(spaces.map((s) => [`GET /s/${s}/api/actions/connectors`, 1]).sort());
    expect(kibana.maxListsInFlight).toBe(4);
  });
});
