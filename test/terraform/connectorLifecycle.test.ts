import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { FOURTEEN_TYPES, resourceBlock, type TfConnector } from './connectorFixtures.js';
import { API_KEY_CREDENTIALS, API_KEY_PRINCIPAL, startKcrForTerraform, type KcrForTerraform } from './kcrForTerraform.js';
import { explain, TERRAFORM_TIMEOUT, TERRAFORM_TOOLS, TerraformDir } from './terraformTools.js';

/**
 * The real Terraform CLI and the real elastic/elasticstack provider against `kcr serve`
 * (issue 12, item 1): the 14 types in a non-default space go through create, a clean re-plan,
 * an in-place update, destroy, and kcr's event log shows each write with the principal's name.
 */
const SPACE = 'tf-lifecycle';

interface ListedConnector {
  id: string;
  name: string;
  connector_type_id: string;
  config: Record<string, unknown>;
}

describeWithOutsideTool(TERRAFORM_TOOLS, 'Terraform drives the 14 connector types through kcr serve', () => {
  let kcr: KcrForTerraform;
  let tf: TerraformDir;

  beforeAll(async () => {
    kcr = await startKcrForTerraform();
    tf = new TerraformDir(kcr.url, API_KEY_CREDENTIALS);
  });
  afterAll(async () => {
    await kcr?.stop();
    kcr?.cleanup();
    tf?.cleanup();
  });

  const listed = async (): Promise<ListedConnector[]> => {
    const { status, body } = await kcr.kibanaGet(`/s/${SPACE}/api/actions/connectors`);
    expect(status).toBe(200);
    return body as ListedConnector[];
  };
  const configure = (connectors: TfConnector[]) => tf.writeConfig(connectors.map((connector) => resourceBlock(connector, SPACE)).join('\n'));

  it('applies, re-plans clean, updates one attribute in place, destroys; kcr records every write by the principal', async () => {
    configure(FOURTEEN_TYPES);
    const created = await tf.apply();
    expect(created.code, explain(created)).toBe(0);
    expect(created.stdout).toContain('Apply complete! Resources: 14 added, 0 changed, 0 destroyed.');
    expect(created.output).not.toContain('inconsistent result');
    const afterCreate = await listed();
    expect(afterCreate.map((connector) => connector.connector_type_id).sort()).toEqual(FOURTEEN_TYPES.map((connector) => connector.type).sort());

    // Kibana's defaults come back from kcr and the provider reads them as no change.
    const replan = await tf.plan();
    expect(replan.code, explain(replan)).toBe(0);
    expect(replan.stdout).toContain('No changes.');

    // One config attribute of .index, and a rotated password of .webhook (secrets only).
    const updated = FOURTEEN_TYPES.map((connector) => {
      if (connector.type === '.index') return { ...connector, config: { ...connector.config, refresh: false } };
      if (connector.type === '.webhook') return { ...connector, secrets: { ...connector.secrets, password: 'hook-password-2' } };
      return connector;
    });
    configure(updated);
    const updatePlan = await tf.plan();
    expect(updatePlan.code, explain(updatePlan)).toBe(2);
    expect(updatePlan.stdout).toContain('elasticstack_kibana_action_connector.index will be updated in-place');
    expect(updatePlan.stdout).toContain('elasticstack_kibana_action_connector.webhook will be updated in-place');
    expect(updatePlan.stdout).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    const update = await tf.apply();
    expect(update.code, explain(update)).toBe(0);
    expect(update.stdout).toContain('Apply complete! Resources: 0 added, 2 changed, 0 destroyed.');
    const index = (await listed()).find((connector) => connector.connector_type_id === '.index')!;
    expect(index.config).toMatchObject({ index: 'kcr-tf-alerts', refresh: false });
    const settled = await tf.plan();
    expect(settled.code, explain(settled)).toBe(0);

    const destroyed = await tf.run(['destroy', '-auto-approve', '-no-color']);
    expect(destroyed.code, explain(destroyed)).toBe(0);
    expect(destroyed.stdout).toContain('Destroy complete! Resources: 14 destroyed.');
    expect(await listed()).toEqual([]);

    const events = (await kcr.events(SPACE)).filter((event) => event.action.startsWith('connector.'));
    for (const connector of afterCreate) {
      const steps = events.filter((event) => event.connector_id === connector.id).map((event) => `${event.action} ${event.outcome} by ${event.actor}`);
      const expected = [`connector.create success by ${API_KEY_PRINCIPAL.name}`];
      if (['.index', '.webhook'].includes(connector.connector_type_id)) expected.push(`connector.update success by ${API_KEY_PRINCIPAL.name}`);
      expected.push(`connector.delete success by ${API_KEY_PRINCIPAL.name}`);
      expect(steps, connector.connector_type_id).toEqual(expected);
    }
  }, TERRAFORM_TIMEOUT);

  it('recreates a connector deleted behind its back, and replaces one whose type changes', async () => {
    const serverLog = FOURTEEN_TYPES.find((connector) => connector.type === '.server-log')!;
    const pinned = '5a0c4e2b-8d1f-4b3a-9c6e-7f2d1a0b9c8e';
    const block = (type: string) => resourceBlock({ ...serverLog, resource: 'drifting', type, secrets: type === '.slack' ? { webhookUrl: 'https://hooks.slack.com/services/T0/B0/x' } : undefined }, SPACE);
    tf.writeConfig(`${block('.server-log')}\n${resourceBlock(serverLog, SPACE, [`connector_id = "${pinned}"`])}`);
    const created = await tf.apply();
    expect(created.code, explain(created)).toBe(0);

    const deleted = await fetch(`${kcr.url}/s/${SPACE}/api/actions/connector/${pinned}`, {
      method: 'DELETE',
      headers: { 'kbn-xsrf': 'true', authorization: `ApiKey ${(API_KEY_CREDENTIALS as { apiKey: string }).apiKey}` },
    });
    expect(deleted.status).toBe(204);
    const drift = await tf.plan();
    expect(drift.code, explain(drift)).toBe(2);
    expect(drift.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    const recreated = await tf.apply();
    expect(recreated.code, explain(recreated)).toBe(0);
    expect((await listed()).map((connector) => connector.id)).toContain(pinned);

    tf.writeConfig(`${block('.slack')}\n${resourceBlock(serverLog, SPACE, [`connector_id = "${pinned}"`])}`);
    const replace = await tf.plan();
    expect(replace.code, explain(replace)).toBe(2);
    expect(replace.stdout).toContain('elasticstack_kibana_action_connector.drifting must be replaced');
    const replaced = await tf.apply();
    expect(replaced.code, explain(replaced)).toBe(0);
    expect(replaced.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 1 destroyed.');
    expect((await listed()).map((connector) => connector.connector_type_id).sort()).toEqual(['.server-log', '.slack']);
    const destroyed = await tf.run(['destroy', '-auto-approve', '-no-color']);
    expect(destroyed.code, explain(destroyed)).toBe(0);
    expect(await listed()).toEqual([]);
  }, TERRAFORM_TIMEOUT);
});
