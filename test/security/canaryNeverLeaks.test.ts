import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { CliProject } from './cliRun.js';
import { apiKeyPrincipal, createSecureApp, type SecureApp } from './secureApp.js';

/**
 * Distinct canary secrets planted through every way in (CLI manifests from env and file, plan
 * bodies over HTTP, the Kibana API on create and update, a preconfigured connector, and the
 * principals' own API keys); then every route, every CLI command and /metrics run; and no canary
 * may appear in stdout, stderr, pino logs, responses (bodies and headers), the event log, or the
 * raw bytes of any file of the store.
 */
const CANARY = {
  cliEnv: 'https://hooks.slack.com/services/CANARY-cli-env-1a2b',
  cliPassword: 'CANARY-cli-password-3c4d',
  cliFile: 'CANARY-cli-file-routing-5e6f',
  httpPlan: 'CANARY-http-plan-password-7a8b',
  httpPlanYaml: 'https://hooks.slack.com/services/CANARY-http-yaml-9c0d',
  kibanaCreate: 'CANARY-kibana-create-password-1e2f',
  kibanaUpdate: 'CANARY-kibana-update-password-3a4b',
  kibanaInvalid: 'CANARY-kibana-invalid-5c6d',
  preconfigured: 'https://hooks.slack.com/services/CANARY-preconfigured-7e8f',
};

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

const emailManifest = (name: string, space: string, password: string) => ({
  apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name },
  spec: { space_id: space, name, connector_type_id: '.email', config: { from: 'alerts@example.com', host: 'smtp.example.com', port: 587 }, secrets: { user: 'alerts', password } },
});

describe('canary secrets appear nowhere: CLI, HTTP, logs, events, store bytes', () => {
  const project = new CliProject();
  let kcr: SecureApp | undefined;
  const captured: string[] = [];
  afterAll(async () => {
    await kcr?.cleanup();
    project.cleanup();
  });

  it('plants canaries through every way in, runs everything, and finds none', async () => {
    // 1. The CLI, on the project's own store.
    project.write('pd.key', `${CANARY.cliFile}\n`);
    project.write('m/slack.yaml', ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: cli-slack}', 'spec:', '  space_id: ops', '  name: CLI Slack', '  connector_type_id: .slack', '  secrets: {webhookUrl: "${env:SLACK_URL}"}'].join('\n'));
    project.write('m/mail.yaml', JSON.stringify(emailManifest('cli-mail', 'ops', '${env:MAIL_PASSWORD}')));
    project.write('m/pd.yaml', ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: cli-pd}', 'spec:', '  space_id: ops', '  name: CLI PagerDuty', '  connector_type_id: .pagerduty', '  secrets: {routingKey: "${file:../pd.key}"}'].join('\n'));
    const env = { SLACK_URL: CANARY.cliEnv, MAIL_PASSWORD: CANARY.cliPassword };
    const cli = async (args: string[], extraEnv: Record<string, string> = {}) => project.run(args, { ...env, ...extraEnv });
    expect((await cli(['validate', 'm'])).code).toBe(0);
    await cli(['validate', 'm', '--json']);
    const planned = await cli(['plan', 'm', '--json', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const planId = JSON.parse(planned.stdout).plan_id as string;
    await cli(['plan', 'm']);
    expect((await cli(['apply', '--plan', planId])).code).toBe(0);
    await cli(['apply', 'm', '--auto-approve', '--json']);
    for (const args of [['show', planId], ['show', planId, '--json'], ['history'], ['history', '--json'], ['types'], ['drift'], ['drift', '--json'], ['export', '--space', 'ops'], ['export', '--space', 'ops', '--format', 'ndjson'], ['export', '--space', 'ops', '--format', 'terraform'], ['secrets', 'check-key'], ['secrets', 'rotate-key'], ['principal', 'add', 'ci', '--api-key', '--privilege', 'ops=all']]) {
      await cli(args);
    }
    // A rotated secret is planned as a change without either value in sight; a broken reference names the field only.
    await cli(['plan', 'm', '--json'], { MAIL_PASSWORD: `${CANARY.cliPassword}-rotated` });
    project.write('m/broken.yaml', ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: broken}', 'spec:', '  name: Broken', '  connector_type_id: .slack', '  secrets: {webhookUrl: "${env:NOT_SET}"}'].join('\n'));
    expect((await cli(['plan', 'm'])).code).toBe(1);
    for (const run of project.runs) captured.push(run.stdout, run.stderr);
    captured.push(readFileSync(join(project.dir, 'plan.json'), 'utf8'));

    // 2. The HTTP service, with principals, on the same data directory.
    const admin = await apiKeyPrincipal('admin', { '*': 'all' }, true);
    kcr = await createSecureApp({
      dataDir: join(project.dir, '.kcr'), principals: [admin.config],
      preconfigured: { 'pre-slack': { actionTypeId: '.slack', name: 'Preconfigured Slack', secrets: { webhookUrl: CANARY.preconfigured } } },
    });
    const apiKeySecret = Buffer.from(admin.authorization.slice('ApiKey '.length), 'base64').toString().split(':')[1]!;
    const http = async (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown, type?: string) => {
      let call = request(kcr!.app)[method](path).set('authorization', admin.authorization).set('kbn-xsrf', 'x');
      if (type) call = call.type(type);
      const response = await (body === undefined ? call : call.send(body as object));
      captured.push(JSON.stringify(response.headers), response.text ?? '');
      return response;
    };
    const id = randomUUID();
    expect((await http('post', `/s/ops/api/actions/connector/${id}`, { name: 'Kibana mail', connector_type_id: '.email', config: { from: 'a@example.com', host: 'smtp.example.com', port: 25 }, secrets: { user: 'u', password: CANARY.kibanaCreate } })).status).toBe(200);
    expect((await http('put', `/s/ops/api/actions/connector/${id}`, { name: 'Kibana mail', config: { from: 'a@example.com', host: 'smtp.example.com', port: 25 }, secrets: { user: 'u', password: CANARY.kibanaUpdate } })).status).toBe(200);
    // Invalid secrets: the 400 must say what is wrong without quoting the value.
    expect((await http('post', '/s/ops/api/actions/connector', { name: 'Bad', connector_type_id: '.slack', secrets: { webhookUrl: CANARY.kibanaInvalid } })).status).toBe(400);
    expect((await http('post', '/s/ops/api/actions/connector', { name: 'Bad', connector_type_id: '.email', config: { from: 'a@example.com', host: 'smtp.example.com', port: 25 }, secrets: { user: 'u', password: CANARY.kibanaInvalid, unknown: CANARY.kibanaInvalid } })).status).toBe(400);
    const httpPlan = await http('post', '/api/reconciler/plans?set=http', { manifests: [emailManifest('http-mail', 'web', CANARY.httpPlan)] });
    expect(httpPlan.status, httpPlan.text).toBe(201);
    const apply = await http('post', `/api/reconciler/plans/${httpPlan.body.plan_id}/apply`);
    expect(apply.status).toBe(200);
    const yamlPlan = await http('post', '/api/reconciler/plans?set=http-yaml', ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: http-slack}', 'spec:', '  space_id: web', '  name: HTTP Slack', '  connector_type_id: .slack', `  secrets: {webhookUrl: "${CANARY.httpPlanYaml}"}`].join('\n'), 'application/yaml');
    expect(yamlPlan.status, yamlPlan.text).toBe(201);
    expect((await http('post', `/api/reconciler/plans/${yamlPlan.body.plan_id}/apply`)).status).toBe(200);
    // A manifest with a bad secret shape: the validation error names the field only.
    await http('post', '/api/reconciler/plans?set=bad', { manifests: [{ ...emailManifest('bad-mail', 'web', CANARY.httpPlan), extra: CANARY.httpPlan }] });
    await http('post', '/api/reconciler/plans?set=bad', `secrets: [${CANARY.httpPlanYaml}`, 'application/yaml');

    const reads = [
      '/s/ops/api/actions/connectors', `/s/ops/api/actions/connector/${id}`, '/s/web/api/actions/connectors', '/api/actions/connectors', '/api/actions/connector/pre-slack',
      '/api/actions/connector_types', '/api/status', '/api/reconciler/plans', `/api/reconciler/plans/${httpPlan.body.plan_id}`, `/api/reconciler/plans/${httpPlan.body.plan_id}?format=text`,
      `/api/reconciler/plans/${planId}?format=text`, '/api/reconciler/applies', `/api/reconciler/applies/${apply.body.apply_id}`, '/api/reconciler/drift?set=http', '/api/reconciler/drift?set=default&format=text',
      '/api/reconciler/inventory', '/api/reconciler/events?limit=500', '/api/reconciler/locks', '/api/reconciler/openapi.json', '/metrics', '/healthz',
    ];
    for (const path of reads) expect((await http('get', path)).status, path).toBeLessThan(500);
    // The CLI against the running service (--server), with and without its API key.
    rmSync(join(project.dir, 'm/broken.yaml'));
    const url = await kcr.listen();
    const apiKeyEnv = { KCR_API_KEY: admin.authorization.slice('ApiKey '.length) };
    const remote = await cli(['plan', 'm', '--server', url, '--json'], apiKeyEnv);
    expect(remote.code, remote.stderr).toBe(0);
    await cli(['history', '--server', url], apiKeyEnv);
    const refused = await cli(['plan', 'm', '--server', url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/UNAUTHENTICATED|Unauthorized/);
    for (const run of project.runs.slice(-3)) captured.push(run.stdout, run.stderr);
    // The canaries really are in the store (encrypted): the search below is not vacuous.
    const planted = JSON.stringify(await Promise.all(['ops', 'web'].map(async (space) => (await kcr!.store.embeddedConnectors.list(space)).map((row) => row.secrets.reveal()))));
    for (const canary of [CANARY.cliEnv, CANARY.cliPassword, CANARY.cliFile, CANARY.kibanaUpdate, CANARY.httpPlan, CANARY.httpPlanYaml]) expect(planted, canary).toContain(canary);
    expect((await http('delete', `/s/ops/api/actions/connector/${id}`)).status).toBe(204);
    captured.push(kcr.logs.text);
    captured.push(JSON.stringify(await kcr.store.listEvents({ limit: 10_000 })));
    await kcr.cleanup({ keepDir: true });
    kcr = undefined;

    const everything = captured.join('\n');
    expect(everything.length).toBeGreaterThan(10_000);
    for (const [where, canary] of Object.entries({ ...CANARY, apiKey: apiKeySecret })) {
      expect(everything.includes(canary), `canary ${where} leaked`).toBe(false);
    }
    expect(everything).not.toContain('CANARY-');
    const storeFiles = allFiles(join(project.dir, '.kcr'));
    expect(storeFiles.some((file) => file.endsWith('kcr.db'))).toBe(true);
    for (const file of storeFiles) {
      const bytes = readFileSync(file);
      for (const canary of [...Object.values(CANARY), apiKeySecret, 'CANARY-']) expect(bytes.includes(Buffer.from(canary)), `${file} holds a canary`).toBe(false);
    }
  }, 120_000);
});
