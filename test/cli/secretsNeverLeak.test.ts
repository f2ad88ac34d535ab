import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace, type KcrRun } from './cliHarness.js';

const CANARY_SLACK = 'https://hooks.slack.com/services/CANARY-7f3a9c1e-SLACK';
const CANARY_PASSWORD = 'CANARY-pw-4b8d2e6f';
const CANARY_FILE_SECRET = 'CANARY-routing-key-91ce0a';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe('canary secrets planted in manifests appear in no CLI output and not in the bytes of the store', () => {
  const ws = new Workspace();
  afterAll(() => ws.cleanup());
  const env = { SLACK_URL: CANARY_SLACK, MAIL_PASSWORD: CANARY_PASSWORD };
  const outputs: KcrRun[] = [];
  const run = async (args: string[]) => {
    const result = await ws.run(args, env);
    outputs.push(result);
    return result;
  };

  it('runs every command, then finds no canary anywhere', async () => {
    ws.write('pd.key', `${CANARY_FILE_SECRET}\n`);
    ws.write('m/slack.yaml', ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: ops-slack}', 'spec:', '  name: Ops Slack', '  connector_type_id: .slack', '  secrets: {webhookUrl: "${env:SLACK_URL}"}'].join('\n'));
    ws.write('m/email.yaml', [
      'apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: ops-mail}', 'spec:', '  space_id: ops', '  name: Ops mail', '  connector_type_id: .email',
      '  config: {from: alerts@example.com, host: smtp.example.com, port: 587}', '  secrets: {user: alerts, password: "${env:MAIL_PASSWORD}"}',
    ].join('\n'));
    ws.write('m/pd.yaml', ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: ops-pd}', 'spec:', '  space_id: ops', '  name: Ops PagerDuty', '  connector_type_id: .pagerduty', '  secrets: {routingKey: "${file:../pd.key}"}'].join('\n'));

    expect((await run(['validate', 'm'])).code).toBe(0);
    expect((await run(['validate', 'm', '--json'])).code).toBe(0);
    const plan = await run(['plan', 'm', '--out', 'plan.json']);
    expect(plan.code).toBe(0);
    const planJson = JSON.parse((await run(['plan', 'm', '--json'])).stdout);
    expect(planJson.resource_changes.every((rc: { change: { after: { secrets: unknown } } }) => rc.change.after.secrets === '(sensitive)')).toBe(true);
    expect((await run(['apply', '--plan', planJson.plan_id, '--json'])).code).toBe(0);
    // Rotate one secret: the plan must say it changed without showing either value.
    env.MAIL_PASSWORD = `${CANARY_PASSWORD}-rotated`;
    const rotated = await run(['plan', 'm', '--json']);
    const change = JSON.parse(rotated.stdout).resource_changes.find((rc: { name: string }) => rc.name === 'Ops mail');
    expect(change.secrets_changed).toBe(true);
    expect(change.change.actions).toEqual(['update']);
    await run(['plan', 'm']);
    await run(['apply', 'm', '--auto-approve']);
    await run(['history']);
    await run(['history', '--json']);
    await run(['show', planJson.plan_id]);
    await run(['show', planJson.plan_id, '--json']);
    // A failing plan (bad reference elsewhere) must not echo the other values either.
    ws.write('m/broken.yaml', ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: broken}', 'spec:', '  name: Broken', '  connector_type_id: .slack', '  secrets: {webhookUrl: "${env:NOT_SET_ANYWHERE}"}'].join('\n'));
    expect((await run(['plan', 'm'])).code).toBe(1);

    const canaries = [CANARY_SLACK, CANARY_PASSWORD, CANARY_FILE_SECRET, 'CANARY-'];
    for (const output of outputs) {
      for (const canary of canaries) {
        expect(output.stdout).not.toContain(canary);
        expect(output.stderr).not.toContain(canary);
      }
    }
    expect(readFileSync(join(ws.dir, 'plan.json'), 'utf8')).not.toContain('CANARY-');
    const storeFiles = allFiles(join(ws.dir, '.kcr'));
    expect(storeFiles.some((file) => file.endsWith('kcr.db'))).toBe(true);
    for (const file of storeFiles) {
      const bytes = readFileSync(file);
      for (const canary of canaries) expect(bytes.includes(Buffer.from(canary)), `${file} contains ${canary}`).toBe(false);
    }
  });
});
