import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectorId } from '../../src/reconciler/manifests/uuidV5.js';
import { indexManifest, slackManifest, webhookManifest, Workspace, type KcrRun } from '../cli/cliHarness.js';
import { scriptedSchedule, startFaultProxy, type FaultProxy } from '../targets/kibana/faultProxy.js';
import { startServedKcr, type ServedKcr } from './servedKcr.js';

/*
 * Two real processes (the built dist/, so run `npm run build` first): process 1 is
 * `kcr serve` on the embedded target and plays Kibana; process 2 is the kcr CLI with
 * `target: {type: kibana}` pointing at it through a pass-through fault proxy that counts requests.
 * Process 1 enables only .slack, .index and .webhook, like a Kibana with xpack.actions.enabledActionTypes set.
 */

const SLACK_URL = 'https://hooks.slack.com/services/T0E2E/B0E2E/e2e-secret-webhook';
const SPACES = ['default', 'ops', 'sec'];
const DESIRED = [
  { space: 'default', name: 'team-slack', type: '.slack' },
  { space: 'ops', name: 'ops-hook', type: '.webhook' },
  { space: 'ops', name: 'ops-logs', type: '.index' },
  { space: 'sec', name: 'sec-logs', type: '.index' },
].map((d) => ({ ...d, id: defaultConnectorId(d.space, d.name) }));
const idOf = (name: string): string => DESIRED.find((d) => d.name === name)!.id;
const xsrf = { 'kbn-xsrf': 'true', 'content-type': 'application/json' };

let kibana: ServedKcr;
let proxy: FaultProxy;
const ws = new Workspace();
const runs: KcrRun[] = [];

/** Process 2: the kcr CLI in the workspace (its data dir is the workspace's .kcr). */
async function kcr(args: string[]): Promise<KcrRun> {
  const run = await ws.run(args, { SLACK_URL });
  runs.push(run);
  return run;
}

/** What process 1's store holds, read through its Kibana API, one list per space: `space/id name type`. */
async function heldByKibana(): Promise<string[]> {
  const held: string[] = [];
  for (const space of SPACES) {
    const response = await request(`${kibana.url}/s/${space}/api/actions/connectors`);
    expect(response.statusCode).toBe(200);
    const items = (await response.body.json()) as Array<{ id: string; name: string; connector_type_id: string }>;
    held.push(...items.map((c) => `${space}/${c.id} ${c.name} ${c.connector_type_id}`));
  }
  return held.sort();
}

const declared = (): string[] => DESIRED.map((d) => `${d.space}/${d.id} ${d.name} ${d.type}`).sort();

beforeAll(async () => {
  kibana = await startServedKcr('actions:\n  enabledActionTypes: [".slack", ".index", ".webhook"]\n');
  proxy = await startFaultProxy(kibana.url, scriptedSchedule([]));
  ws.write('kcr.yaml', `target:\n  type: kibana\n  url: ${proxy.url}\n`);
  ws.write('manifests/default/slack.yaml', slackManifest('team-slack'));
  ws.write('manifests/ops/hook.yaml', webhookManifest('ops-hook', 'https://example.com/hook', { space: 'ops' }));
  ws.write('manifests/ops/logs.yaml', indexManifest('ops-logs', 'logs-ops', { space: 'ops' }));
  ws.write('manifests/sec/logs.yaml', indexManifest('sec-logs', 'logs-sec', { space: 'sec' }));
}, 60_000);

afterAll(async () => {
  await kibana?.stop();
  await proxy?.close();
  kibana?.cleanup();
  ws.cleanup();
});

describe('kcr with target kibana against a kcr serving the embedded target, two processes', () => {
  it('plans the creates, applies them, and process 1 then holds exactly the declared connectors', async () => {
    const planned = await kcr(['plan', 'manifests', '--detailed-exitcode']);
    expect(planned.code, planned.stderr).toBe(2);
    expect(planned.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    expect(await heldByKibana()).toEqual([]);

    const applied = await kcr(['apply', 'manifests', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await heldByKibana()).toEqual(declared());
    const slack = await request(`${kibana.url}/api/actions/connector/${idOf('team-slack')}`);
    expect(await slack.body.json()).toMatchObject({ name: 'team-slack', is_missing_secrets: false });
  }, 60_000);

  it('re-plans to no changes with one type list and one connector list per space, nothing else', async () => {
    proxy.counts.clear();
    const noOp = await kcr(['plan', 'manifests', '--detailed-exitcode']);
    expect(noOp.code, noOp.stderr).toBe(0);
    expect(noOp.stdout).toContain('No changes.');
    expect([...proxy.counts.entries()].sort()).toEqual([
      ['GET /api/actions/connector_types', 1],
      ...SPACES.map((space) => [`GET /s/${space}/api/actions/connectors`, 1]),
    ]);
    const drift = await kcr(['drift', '--detailed-exitcode']);
    expect(drift.code, drift.stderr).toBe(0);
    expect(drift.stdout).toContain('No drift. 4 connector(s) of set "default" match what kcr last applied.');
  }, 60_000);

  it('shows a change made through process 1\'s Kibana API as drift and in the next plan', async () => {
    const put = await request(`${kibana.url}/s/ops/api/actions/connector/${idOf('ops-logs')}`, {
      method: 'PUT', headers: xsrf, body: JSON.stringify({ name: 'ops-logs', config: { index: 'edited-in-kibana' } }),
    });
    expect(put.statusCode).toBe(200);
    const drift = await kcr(['drift', '--detailed-exitcode']);
    expect(drift.code, drift.stderr).toBe(2);
    expect(drift.stdout).toContain(`# ops/${idOf('ops-logs')} (ops-logs) was changed outside kcr (name or config) [config]`);
    expect(drift.stdout).toContain('edited-in-kibana');

    const planned = await kcr(['--json', 'plan', 'manifests', '--detailed-exitcode']);
    expect(planned.code, planned.stderr).toBe(2);
    const plan = JSON.parse(planned.stdout) as { target: string; resource_changes: Array<{ address: string; change: { actions: string[] }; drift: boolean }> };
    expect(plan.target).toBe('kibana');
    const changed = plan.resource_changes.filter((c) => c.change.actions[0] !== 'no-op');
    expect(changed.map((c) => [c.address, c.change.actions, c.drift])).toEqual([[`ops/${idOf('ops-logs')}`, ['update'], true]]);
  }, 60_000);

  it('re-creates a connector deleted in process 1, repairs the edit, and converges', async () => {
    const deleted = await request(`${kibana.url}/s/sec/api/actions/connector/${idOf('sec-logs')}`, { method: 'DELETE', headers: xsrf });
    expect(deleted.statusCode).toBe(204);
    const drift = await kcr(['drift', '--detailed-exitcode']);
    expect(drift.code, drift.stderr).toBe(2);
    expect(drift.stdout).toContain(`# sec/${idOf('sec-logs')} (sec-logs) was deleted outside kcr [missing]`);

    const applied = await kcr(['apply', 'manifests', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('1 to add, 1 to change, 0 to destroy');
    expect(await heldByKibana()).toEqual(declared());
    const logs = await request(`${kibana.url}/s/ops/api/actions/connector/${idOf('ops-logs')}`);
    expect(await logs.body.json()).toMatchObject({ config: { index: 'logs-ops' } });

    const again = await kcr(['plan', 'manifests', '--detailed-exitcode']);
    expect(again.code, again.stderr).toBe(0);
    expect((await kcr(['drift', '--detailed-exitcode'])).code).toBe(0);
  }, 60_000);

  it('judges types by process 1\'s own type list; the embedded target validates offline', async () => {
    const email = [
      'apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: ops-mail}', 'spec:', '  space_id: ops', '  name: Ops mail',
      '  connector_type_id: .email', '  config: {from: ops@example.com, service: other, host: smtp.example.com, port: 25, hasAuth: false}',
    ].join('\n');
    ws.write('mail/mail.yaml', email);
    const refused = await kcr(['validate', 'mail']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('action type ".email" is not enabled in the Kibana config xpack.actions.enabledActionTypes');
    expect(refused.stderr).toContain('mail/mail.yaml');
    const planned = await kcr(['plan', 'mail', '--set', 'mail']);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain('action type ".email" is not enabled');

    const offline = new Workspace();
    try {
      offline.write('mail/mail.yaml', email);
      const valid = await offline.run(['validate', 'mail']);
      expect(valid.code, valid.stderr).toBe(0);
    } finally {
      offline.cleanup();
    }
  }, 60_000);

  it('never printed the secret in any output of process 2', () => {
    expect(runs.length).toBeGreaterThan(10);
    for (const run of runs) expect(`${run.stdout}\n${run.stderr}`).not.toContain('e2e-secret-webhook');
  });
});
