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

    const updated = FOURTEEN_TYPES.map((connector) => (connector.type === '.index' ? { ...connector, config: { ...connector.config, refresh: false } } : connector));
    configure(updated);
    const updatePlan = await tf.plan();
    expect(updatePlan.code, explain(updatePlan)).toBe(2);
    expect(updatePlan.stdout).toContain('elasticstack_kibana_action_connector.index will be updated in-place');
    expect(updatePlan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    const update = await tf.apply();
    expect(update.code, explain(update)).toBe(0);
    expect(update.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
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
      if (connector.connector_type_id === '.index') expected.push(`connector.update success by ${API_KEY_PRINCIPAL.name}`);
      expected.push(`connector.delete success by ${API_KEY_PRINCIPAL.name}`);
      expect(steps, connector.connector_type_id).toEqual(expected);
    }
  }, TERRAFORM_TIMEOUT);
});
