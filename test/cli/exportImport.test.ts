import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startKcrServer } from './remote/kcrServer.js';
import { Workspace, indexManifest, slackManifest } from './cliHarness.js';

const CANARY = {
  slack: 'https://hooks.slack.com/services/T0/B0/canary-slack-3f9d1e',
  user: 'canary-user-8c2b',
  password: 'canary-password-77ae10',
};
const ENV = { SLACK_URL: CANARY.slack, HOOK_USER: CANARY.user, HOOK_PASSWORD: CANARY.password };

const hookManifest = [
  'apiVersion: kcr/v1',
  'kind: Connector',
  'metadata:',
  '  name: deploy-hook',
  'spec:',
  '  space_id: ops',
  '  name: "Deploy hook"',
  '  connector_type_id: .webhook',
  '  config: {url: "https://hooks.example.com/deploy", hasAuth: true, authType: webhook-authentication-basic, headers: null}',
  '  secrets: {user: "${env:HOOK_USER}", password: "${env:HOOK_PASSWORD}"}',
  'policy:',
  '  deletionPolicy: Orphan',
].join('\n');

/** The placeholder variables of the exported manifests, set to the values the connectors really hold. */
const EXPORT_ENV = { KCR_OPS_OPS_SLACK_WEBHOOK_URL: CANARY.slack, KCR_OPS_DEPLOY_HOOK_USER: CANARY.user, KCR_OPS_DEPLOY_HOOK_PASSWORD: CANARY.password };
const OTHER_SECRETS = { KCR_OPS_OPS_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/rotated', KCR_OPS_DEPLOY_HOOK_USER: 'u2', KCR_OPS_DEPLOY_HOOK_PASSWORD: 'p2' };

interface ResourceChange { name: string; diff: string; secrets_changed: boolean; change: { actions: string[]; action_reason?: string } }

describe('kcr export and kcr import (real binary, embedded SQLite store)', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = new Workspace();
    ws.write('m/slack.yaml', slackManifest('ops-slack', { space: 'ops', displayName: 'Ops Slack' }));
    ws.write('m/hook.yaml', hookManifest);
    ws.write('m/index.yaml', indexManifest('alerts-index', 'alerts-history', { space: 'ops' }));
    const applied = await ws.run(['apply', 'm', '--auto-approve'], ENV);
    expect(applied.code, applied.stderr).toBe(0);
  });
  afterEach(() => ws.cleanup());

  it('exported manifests validate and re-plan with no change but secrets', async () => {
    const exported = await ws.run(['export', '--space', 'ops']);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const docs = parseAllDocuments(exported.stdout).map((doc) => doc.toJS()).filter(Boolean);
    expect(docs.map((doc) => doc.metadata.name).sort()).toEqual(['alerts-index', 'deploy-hook', 'ops-slack']);
    expect(docs.find((doc) => doc.metadata.name === 'deploy-hook').policy).toEqual({ deletionPolicy: 'Orphan' });
    ws.write('exported/ops.yaml', exported.stdout);

    expect((await ws.run(['validate', 'exported'])).code).toBe(1);
    const valid = await ws.run(['validate', 'exported'], EXPORT_ENV);
    expect(valid.stderr).toBe('');
    expect(valid.code).toBe(0);

    const same = await ws.run(['plan', 'exported', '--detailed-exitcode'], EXPORT_ENV);
    expect(same.stdout).toMatch(/No changes/);
    expect(same.code).toBe(0);

    const rotated = await ws.run(['plan', 'exported', '--json'], OTHER_SECRETS);
    expect(rotated.code).toBe(0);
    const changes: ResourceChange[] = JSON.parse(rotated.stdout).resource_changes;
    const summary = changes.map((rc) => [rc.name, rc.change.actions[0], rc.change.action_reason ?? null, rc.secrets_changed]);
    expect(summary).toEqual([
      ['Deploy hook', 'update', 'update_because_secrets_changed', true],
      ['Ops Slack', 'update', 'update_because_secrets_changed', true],
      ['alerts-index', 'no-op', null, false],
    ]);
    for (const rc of changes) expect(rc.diff).not.toMatch(/config|name/);
  });

  it('an NDJSON export imports into a fresh data dir without secrets, and a plan with secrets fixes them', async () => {
    const ndjson = await ws.run(['export', '--space', 'ops', '--format', 'ndjson']);
    expect(ndjson.code).toBe(0);
    const objects = ndjson.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(objects.at(-1)).toMatchObject({ exportedCount: 3 });
    expect(objects.slice(0, 3).every((object) => object.type === 'action' && JSON.stringify(object.attributes.secrets) === '{}')).toBe(true);
    ws.write('ops.ndjson', ndjson.stdout);
    const manifests = await ws.run(['export', '--space', 'ops']);
    ws.write('exported/ops.yaml', manifests.stdout);

    const imported = await ws.run(['--data-dir', 'fresh', 'import', 'ops.ndjson', '--space', 'ops']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported 3 connector\(s\) into space ops/);
    expect(imported.stderr).toContain('2 connector(s) have sensitive information that require updates.');
    expect(await missingSecretsByName(`${ws.dir}/fresh`)).toEqual({ 'alerts-index': false, 'Deploy hook': true, 'Ops Slack': true });

    const plan = await ws.run(['--data-dir', 'fresh', 'plan', 'exported', '--json'], EXPORT_ENV);
    expect(plan.code, plan.stderr).toBe(0);
    const changes: ResourceChange[] = JSON.parse(plan.stdout).resource_changes;
    // The imported connectors belong to no set yet: the plan adopts them, and adopting sets the missing secrets.
    expect(changes.map((rc) => [rc.name, rc.change.actions[0], rc.change.action_reason, rc.secrets_changed])).toEqual([
      ['Deploy hook', 'update', 'adopt', true],
      ['Ops Slack', 'update', 'adopt', true],
      ['alerts-index', 'no-op', 'adopt', false],
    ]);
    const applied = await ws.run(['--data-dir', 'fresh', 'apply', '--plan', JSON.parse(plan.stdout).plan_id], EXPORT_ENV);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await missingSecretsByName(`${ws.dir}/fresh`)).toEqual({ 'alerts-index': false, 'Deploy hook': false, 'Ops Slack': false });
    expect((await ws.run(['--data-dir', 'fresh', 'plan', 'exported', '--detailed-exitcode'], EXPORT_ENV)).code).toBe(0);
  });

  it.each([
    ['not JSON', 'this is not json', '2'],
    ['a wrong saved-object type', '{"type":"dashboard","id":"d1","attributes":{"title":"x"}}', '2 /type'],
    ['missing attributes', '{"type":"action","id":"c2"}', '2 /attributes'],
    ['an unknown connector type', '{"type":"action","id":"c2","attributes":{"actionTypeId":".telex","name":"T","config":{}}}', '2 /attributes/actionTypeId'],
    ['a duplicate id', '{"type":"action","id":"c1","attributes":{"actionTypeId":".index","name":"Again","config":{"index":"b"}}}', '2 /id'],
  ])('a file with %s exits 1 naming the line, and writes nothing', async (_case, badLine, where) => {
    const good = '{"type":"action","id":"c1","attributes":{"actionTypeId":".index","name":"Good","config":{"index":"a"}}}';
    ws.write('bad.ndjson', `${good}\n${badLine}\n`);
    const result = await ws.run(['--data-dir', 'fresh', 'import', 'bad.ndjson', '--space', 'ops']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/VALIDATION_FAILED.*nothing was imported/);
    expect(result.stderr).toContain(`bad.ndjson:${where}: `);
    expect(result.stdout).toBe('');
    const after = await ws.run(['--data-dir', 'fresh', 'export', '--space', 'ops', '--format', 'ndjson']);
    expect(JSON.parse(after.stdout.trim())).toMatchObject({ exportedCount: 0 });
  });

  it('no export format and no import output contains a secret value', async () => {
    const outputs: string[] = [];
    for (const format of ['manifests', 'ndjson', 'terraform']) {
      const run = await ws.run(['export', '--space', 'ops', '--format', format]);
      expect(run.code).toBe(0);
      outputs.push(run.stdout, run.stderr);
    }
    ws.write('ops.ndjson', outputs[2]);
    const imported = await ws.run(['--data-dir', 'fresh', '--json', 'import', 'ops.ndjson', '--space', 'ops']);
    expect(imported.code).toBe(0);
    outputs.push(imported.stdout, imported.stderr);
    const all = outputs.join('\n');
    for (const canary of Object.values(CANARY)) expect(all).not.toContain(canary);
    expect(all).toContain('${env:KCR_OPS_DEPLOY_HOOK_PASSWORD}');
    expect(all).toContain('var.deploy_hook_password');
    expect(JSON.parse(imported.stdout)).toMatchObject({ success: true, successCount: 3, warnings: [{ type: 'action_required', actionPath: '/app/management/insightsAndAlerting/triggersActionsConnectors' }] });
  });

  it('exports Terraform HCL with a resource and an import block per connector', async () => {
    const run = await ws.run(['export', '--space', 'ops', '--format', 'terraform']);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^resource "elasticstack_kibana_action_connector" "(alerts_index|deploy_hook|ops_slack)" \{$/gm)).toHaveLength(3);
    expect(run.stdout.match(/^import \{\n {2}to = elasticstack_kibana_action_connector\.\w+\n {2}id = "ops\/[0-9a-f-]{36}"\n\}$/gm)).toHaveLength(3);
    expect(run.stdout).toContain('"webhookUrl" = var.ops_slack_webhook_url');
  });
});

/** `is_missing_secrets` of every connector of space ops, as a `kcr serve` over that data dir lists them. */
async function missingSecretsByName(dataDir: string): Promise<Record<string, boolean>> {
  const server = await startKcrServer({ dataDir });
  try {
    const response = await fetch(`${server.url}/s/ops/api/actions/connectors`);
    const connectors = (await response.json()) as { name: string; is_missing_secrets: boolean }[];
    return Object.fromEntries(connectors.map((connector) => [connector.name, connector.is_missing_secrets]));
  } finally {
    await server.stop();
    server.cleanup();
  }
}
