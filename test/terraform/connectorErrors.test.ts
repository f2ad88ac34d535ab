import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { FOURTEEN_TYPES, resourceBlock } from './connectorFixtures.js';
import { API_KEY_CREDENTIALS, API_KEY_PRINCIPAL, BASIC_PRINCIPAL, startKcrForTerraform, type KcrForTerraform } from './kcrForTerraform.js';
import { explain, flatOutput, TERRAFORM_TIMEOUT, TERRAFORM_TOOLS, TerraformDir } from './terraformTools.js';

/**
 * Issue 12, items 2, 3 and 5 with the real Terraform CLI and provider: a connector_id the user
 * chooses (the provider probes GET /api/status first), a config kcr refuses as Kibana would
 * (a webhook host outside allowedHosts), and a wrong API key.
 */
const SPACE = 'tf-errors';
const CHOSEN_ID = '3f9d2c1a-7b6e-4d5c-9a8b-1e2f3a4b5c6d';
const webhook = FOURTEEN_TYPES.find((connector) => connector.type === '.webhook')!;

interface RequestLine {
  msg?: string;
  method?: string;
  path?: string;
  status?: number;
}

describeWithOutsideTool(TERRAFORM_TOOLS, 'Terraform against kcr serve: chosen ids, refused configs, wrong keys', () => {
  let kcr: KcrForTerraform;
  const dirs: TerraformDir[] = [];
  const terraformDir = (credentials = API_KEY_CREDENTIALS) => {
    const dir = new TerraformDir(kcr.url, credentials);
    dirs.push(dir);
    return dir;
  };
  const requests = (): RequestLine[] =>
    kcr.log().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as RequestLine).filter((line) => line.msg === 'request');
  const connectorIds = async () => ((await kcr.kibanaGet(`/s/${SPACE}/api/actions/connectors`)).body as Array<{ id: string }>).map((connector) => connector.id);

  beforeAll(async () => {
    kcr = await startKcrForTerraform({ allowedHosts: ['hooks.example.com'] });
  });
  afterAll(async () => {
    await kcr?.stop();
    kcr?.cleanup();
    for (const dir of dirs) dir.cleanup();
  });

  it('creates a connector under the id the user chose, through the resource\'s kibana_connection (basic auth), after the version probe', async () => {
    // The provider block holds the API key; the resource's own kibana_connection wins, so kcr sees the basic-auth principal.
    const tf = terraformDir(API_KEY_CREDENTIALS);
    const connection = ['kibana_connection {', `  endpoints = [${JSON.stringify(kcr.url)}]`, `  username  = ${JSON.stringify(BASIC_PRINCIPAL.username)}`, `  password  = ${JSON.stringify(BASIC_PRINCIPAL.password)}`, '}'];
    tf.writeConfig(resourceBlock(webhook, SPACE, [`connector_id = "${CHOSEN_ID}"`, ...connection]));
    const applied = await tf.apply();
    expect(applied.code, explain(applied)).toBe(0);
    expect(applied.stdout).toContain(`elasticstack_kibana_action_connector.webhook: Creation complete after`);
    expect(applied.stdout).toContain(`[id=${SPACE}/${CHOSEN_ID}]`);
    expect(await connectorIds()).toEqual([CHOSEN_ID]);
    const probe = requests().findIndex((line) => line.method === 'GET' && line.path === '/api/status');
    // The request log's path is the one the Kibana routes matched (without the /s/{space} prefix).
    const create = requests().findIndex((line) => line.method === 'POST' && line.path?.endsWith(`/api/actions/connector/${CHOSEN_ID}`));
    expect(probe).toBeGreaterThanOrEqual(0);
    expect(create).toBeGreaterThan(probe);
    expect(requests()[create]!.status).toBe(200);
    const replan = await tf.plan();
    expect(replan.code, explain(replan)).toBe(0);

    const destroyed = await tf.run(['destroy', '-auto-approve', '-no-color']);
    expect(destroyed.code, explain(destroyed)).toBe(0);
    const steps = (await kcr.events(SPACE)).filter((event) => event.connector_id === CHOSEN_ID).map((event) => `${event.action} by ${event.actor}`);
    expect(steps).toEqual([`connector.create by ${BASIC_PRINCIPAL.name}`, `connector.delete by ${BASIC_PRINCIPAL.name}`]);
  }, TERRAFORM_TIMEOUT);

  it('fails the apply with kcr\'s Kibana-style message for a webhook host outside allowedHosts, and creates nothing', async () => {
    const tf = terraformDir();
    const createsBefore = (await kcr.events(SPACE)).filter((event) => event.action === 'connector.create').length;
    const refused = { ...webhook, resource: 'outside', config: { ...webhook.config, url: 'https://exfil.example.net/alerts' } };
    tf.writeConfig(resourceBlock(refused, SPACE));
    const applied = await tf.apply();
    expect(applied.code).toBe(1);
    const output = flatOutput(applied);
    expect(output).toContain('Error:');
    // The provider prints the status and Kibana's (here kcr's) JSON body as it came.
    expect(output).toContain('Unexpected status code from server: got HTTP 400');
    expect(output).toMatch(/"message":"error validating action type config: [^"]*target url \\"https:\/\/exfil\.example\.net\/alerts\\" is not added to the Kibana config xpack\.actions\.allowedHosts"/);
    expect(await connectorIds()).toEqual([]);
    const state = await tf.run(['state', 'list']);
    expect(state.stdout.trim()).toBe('');
    const creates = (await kcr.events(SPACE)).filter((event) => event.action === 'connector.create').slice(createsBefore);
    // The refusal is in the event log as one failed create, by the principal, with Kibana's message.
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ actor: API_KEY_PRINCIPAL.name, outcome: 'failure', space_id: SPACE });
    expect(creates[0]!.message).toContain('is not added to the Kibana config xpack.actions.allowedHosts');
  }, TERRAFORM_TIMEOUT);

  it('fails with 401 for a wrong API key, and kcr records the failed authentication', async () => {
    const before = requests().filter((line) => line.status === 401).length;
    const wrongKey = { apiKey: Buffer.from(`${API_KEY_PRINCIPAL.apiKeyId}:not-the-secret`).toString('base64') };
    const tf = terraformDir(wrongKey);
    tf.writeConfig(resourceBlock(FOURTEEN_TYPES.find((connector) => connector.type === '.index')!, SPACE));
    const applied = await tf.apply();
    expect(applied.code).toBe(1);
    const output = flatOutput(applied);
    expect(output).toContain('401');
    expect(output).toContain('missing or invalid credentials');
    expect(output).not.toContain('not-the-secret');
    const refused = requests().filter((line) => line.status === 401);
    expect(refused.length).toBeGreaterThan(before);
    expect(refused.at(-1)).toMatchObject({ method: 'POST', path: `/s/${SPACE}/api/actions/connector` });
    const audited = (await kcr.events(SPACE)).filter((event) => event.action === 'auth.failure');
    expect(audited.at(-1)).toMatchObject({ actor: 'unauthenticated', outcome: 'failure', details: { scheme: 'ApiKey', credential_id: API_KEY_PRINCIPAL.apiKeyId, path: `/s/${SPACE}/api/actions/connector` } });
    expect(JSON.stringify(audited)).not.toContain('not-the-secret');
    expect(await connectorIds()).toEqual([]);
  }, TERRAFORM_TIMEOUT);
});
