import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type DesiredConnectorInput } from '../../../src/model/desired.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { scriptedSchedule } from './faultProxy.js';
import { startRealKcr, type RealKcr } from './realKcr.js';
import { heldByKibana, startReconcilerOverProxy, type ReconcilerOverProxy } from './reconcilerOverProxy.js';

/*
 * Two kcr instances over real HTTP: one serves the embedded target and plays Kibana, the other
 * plans and applies to it through the kibana target, keeping its own records in its own store.
 */

const SPACES = ['default', 'ops', 'sec'];
const actor = { name: 'e2e' };

function desired(renamed = false): DesiredConnectorInput[] {
  return SPACES.flatMap((spaceId, s): DesiredConnectorInput[] => [
    {
      spaceId, connectorId: `slack-${s}`, name: renamed && s === 0 ? 'Slack renamed' : `Slack ${spaceId}`, connectorTypeId: '.slack',
      config: {}, secrets: new SecretValue({ webhookUrl: `https://hooks.slack.com/services/${spaceId}-secret` }),
      policy: DEFAULT_POLICY, labels: {}, source: { file: `${spaceId}.yaml`, document: 0, name: `slack-${s}` },
    },
    {
      spaceId, connectorId: `index-${s}`, name: `Index ${spaceId}`, connectorTypeId: '.index',
      config: { index: `logs-${spaceId}` }, secrets: new SecretValue({}),
      policy: DEFAULT_POLICY, labels: {}, source: { file: `${spaceId}.yaml`, document: 1, name: `index-${s}` },
    },
  ]);
}

let kibana: RealKcr;
let over: ReconcilerOverProxy;

beforeAll(async () => {
  kibana = await startRealKcr();
  over = await startReconcilerOverProxy(kibana, scriptedSchedule([]));
});

afterAll(() => over.close());


describe('plan and apply to a Kibana over HTTP', () => {
  it('creates what the manifests declare, then a no-op plan costs one list call per space', async () => {
    const first = await over.service.plan({ set: 'team', desired: desired(), actor });
    expect(first.plan.summary).toMatchObject({ create: 6, update: 0, delete: 0 });
    const applied = await over.service.apply(first.plan.plan_id, { actor });
    expect(applied.status).toBe('succeeded');
    expect(await heldByKibana(kibana, SPACES)).toEqual(desired().map((d) => `${d.spaceId}/${d.connectorId}=${d.name}`).sort());

    over.proxy.counts.clear();
    const again = await over.service.plan({ set: 'team', desired: desired(), actor });
    expect(again.plan.has_changes).toBe(false);
    expect([...over.proxy.counts.entries()].sort()).toEqual(SPACES.map((s) => [`GET /s/${s}/api/actions/connectors`, 1]));
  });

  it('sees a change made in Kibana as drift, puts it back, and converges', async () => {
    // Through Kibana's API, as the UI writes (a write straight into the store would skip the serial every write bumps).
    const edited = await fetch(`${kibana.url}/s/ops/api/actions/connector/index-1`, {
      method: 'PUT', headers: { 'kbn-xsrf': 'ui', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Edited in the UI', config: { index: 'other' } }),
    });
    expect(edited.status, await edited.text()).toBe(200);
    const repair = await over.service.plan({ set: 'team', desired: desired(true), actor });
    const changed = repair.plan.resource_changes.filter((change) => change.change.actions[0] !== 'no-op');
    expect(changed.map((change) => [change.address, change.change.actions, change.drift])).toEqual([
      ['default/slack-0', ['update'], false],
      ['ops/index-1', ['update'], true],
    ]);
    expect((await over.service.apply(repair.plan.plan_id, { actor })).status).toBe('succeeded');
    expect(await heldByKibana(kibana, SPACES)).toEqual(desired(true).map((d) => `${d.spaceId}/${d.connectorId}=${d.name}`).sort());
    expect((await over.service.plan({ set: 'team', desired: desired(true), actor })).plan.has_changes).toBe(false);
  });

  it('deletes what left the manifests, and the plans carry no secret', async () => {
    const fewer = desired(true).filter((d) => d.spaceId !== 'sec');
    const prune = await over.service.plan({ set: 'team', desired: fewer, actor });
    expect(prune.plan.summary).toMatchObject({ delete: 2, create: 0, update: 0 });
    expect((await over.service.apply(prune.plan.plan_id, { actor })).status).toBe('succeeded');
    expect(await heldByKibana(kibana, SPACES)).toEqual(fewer.map((d) => `${d.spaceId}/${d.connectorId}=${d.name}`).sort());
    expect(JSON.stringify(prune.plan)).not.toContain('-secret');
  });
});
