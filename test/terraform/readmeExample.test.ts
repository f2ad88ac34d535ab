import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../cli/cliHarness.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { API_KEY_CREDENTIALS, API_KEY_PRINCIPAL, startKcrForTerraform, type KcrForTerraform } from './kcrForTerraform.js';
import { explain, TERRAFORM_TIMEOUT, TERRAFORM_TOOLS, TerraformDir } from './terraformTools.js';

/** The HCL of README's "Using kcr from Terraform", run as written (only the endpoint points at this kcr). */
function readmeExample(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Using kcr from Terraform'));
  const hcl = /```hcl\n([\s\S]*?)```/.exec(section)?.[1];
  if (!hcl) throw new Error('README has no ```hcl block under "### Using kcr from Terraform"');
  return hcl;
}

describeWithOutsideTool(TERRAFORM_TOOLS, 'README: the Terraform example works against kcr serve', () => {
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

  it('applies the two connectors, then plans no changes', async () => {
    const hcl = readmeExample();
    expect(hcl).toContain('"http://127.0.0.1:5601"');
    tf.write('main.tf', hcl.replace('"http://127.0.0.1:5601"', JSON.stringify(kcr.url)));
    const env = { TF_VAR_kcr_api_key: (API_KEY_CREDENTIALS as { apiKey: string }).apiKey, TF_VAR_ops_webhook_password: 'readme-password' };
    const applied = await tf.apply([], env);
    expect(applied.code, explain(applied)).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    expect(applied.output).not.toContain('readme-password');
    const replan = await tf.plan([], env);
    expect(replan.code, explain(replan)).toBe(0);

    const { body } = await kcr.kibanaGet('/s/ops/api/actions/connectors');
    const connectors = body as Array<{ id: string; connector_type_id: string }>;
    expect(connectors.map((connector) => connector.connector_type_id).sort()).toEqual(['.index', '.webhook']);
    expect(connectors.find((connector) => connector.connector_type_id === '.index')!.id).toBe('0f7c3b9e-5d2a-4c1b-8e6f-9a0b1c2d3e4f');
    const creates = (await kcr.events('ops')).filter((event) => event.action === 'connector.create');
    expect(creates.map((event) => event.actor)).toEqual([API_KEY_PRINCIPAL.name, API_KEY_PRINCIPAL.name]);
  }, TERRAFORM_TIMEOUT);
});
