import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runKcr } from '../cli/cliHarness.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { FOURTEEN_TYPES, manifestOf, resourceBlock } from './connectorFixtures.js';
import { API_KEY_CREDENTIALS, API_KEY_PRINCIPAL, BASIC_PRINCIPAL, startKcrForTerraform, type KcrForTerraform } from './kcrForTerraform.js';
import { explain, TERRAFORM_TIMEOUT, TERRAFORM_TOOLS, TerraformDir, type TerraformRun } from './terraformTools.js';

/**
 * Issue 12, items 1 (import) and 4: connectors that kcr's own manifests created are adopted by
 * Terraform, one by one with `terraform import` and a whole space through the `import` blocks of
 * `kcr export --format terraform`. What the first plan after an import shows is the provider's
 * doing, the same against Kibana: the imported `config` carries its `__tf_provider_context`
 * marker and `secrets` (never readable) hold "{}". So the test asserts what a user relies on: the
 * import plans in-place updates only, applying them leaves every connector in kcr exactly as it
 * was, and the next plan is empty.
 */
const SPACES = { imported: 'tf-imported', exported: 'tf-exported' };
const RESOURCE = 'elasticstack_kibana_action_connector';
const IDENTITY = ['id', 'connector_id', 'space_id', 'name', 'connector_type_id'];

interface PlannedChange {
  address: string;
  change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; importing?: unknown };
}

describeWithOutsideTool(TERRAFORM_TOOLS, 'Terraform adopts what kcr manifests created', () => {
  let kcr: KcrForTerraform;
  let work: string;
  const dirs: TerraformDir[] = [];
  const ids = new Map<string, string>();

  beforeAll(async () => {
    // The manifests own these connectors; `allow` lets Terraform take them over through the Kibana API.
    kcr = await startKcrForTerraform({ managedConnectorWrites: 'allow' });
    work = mkdtempSync(join(tmpdir(), 'kcr-tf-manifests-'));
    const manifests = Object.values(SPACES).flatMap((space) => FOURTEEN_TYPES.map((connector) => manifestOf(connector, space)));
    writeFileSync(join(work, 'connectors.yaml'), manifests.map((manifest) => YAML.stringify(manifest)).join('---\n'));
    const applied = await runKcr(['--server', kcr.url, 'apply', 'connectors.yaml', '--auto-approve'], {
      cwd: work,
      env: { KCR_USERNAME: BASIC_PRINCIPAL.username, KCR_PASSWORD: BASIC_PRINCIPAL.password },
    });
    expect(applied.code, applied.stderr).toBe(0);
    for (const connector of await connectorsIn(SPACES.imported)) ids.set(String(connector.name), String(connector.id));
    expect(ids.size).toBe(14);
  }, TERRAFORM_TIMEOUT);
  afterAll(async () => {
    await kcr?.stop();
    kcr?.cleanup();
    for (const dir of dirs) dir.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const connectorsIn = async (space: string) => {
    const { status, body } = await kcr.kibanaGet(`/s/${space}/api/actions/connectors`);
    expect(status).toBe(200);
    return body as Array<Record<string, unknown>>;
  };
  const terraformDir = () => {
    const dir = new TerraformDir(kcr.url, API_KEY_CREDENTIALS);
    dirs.push(dir);
    return dir;
  };

  /** Saves a plan and returns its text and resource changes (`terraform show -json`). */
  const savedPlan = async (tf: TerraformDir, env: Record<string, string> = {}): Promise<{ plan: TerraformRun; changes: PlannedChange[] }> => {
    const plan = await tf.run(['plan', '-no-color', '-out=tfplan'], env);
    expect(plan.code, explain(plan)).toBe(0);
    const shown = await tf.run(['show', '-json', 'tfplan'], env);
    expect(shown.code, explain(shown)).toBe(0);
    return { plan, changes: (JSON.parse(shown.stdout) as { resource_changes?: PlannedChange[] }).resource_changes ?? [] };
  };

  /** Nothing created, replaced or deleted, and no identity attribute changes. */
  const expectInPlaceOnly = (changes: PlannedChange[]) => {
    for (const { address, change } of changes) {
      expect(['no-op', 'update'], address).toContain(change.actions.join());
      for (const key of IDENTITY) expect(change.after?.[key], `${address} ${key}`).toEqual(change.before?.[key]);
    }
  };

  /** Applies the saved plan; kcr then holds exactly what it held before, and Terraform plans nothing more. */
  const applyChangesNothing = async (tf: TerraformDir, space: string, summary: string, env: Record<string, string> = {}) => {
    const before = await connectorsIn(space);
    const applied = await tf.run(['apply', '-no-color', 'tfplan'], env);
    expect(applied.code, explain(applied)).toBe(0);
    expect(applied.stdout).toContain(summary);
    expect(applied.output).not.toContain('inconsistent result');
    expect(await connectorsIn(space)).toEqual(before);
    const settled = await tf.plan([], env);
    expect(settled.code, explain(settled)).toBe(0);
    expect(settled.stdout).toContain('No changes.');
  };

  it('terraform import of connectors created by kcr manifests: in-place updates only, and applying them changes nothing', async () => {
    const tf = terraformDir();
    const picked = FOURTEEN_TYPES.filter((connector) => ['.index', '.email', '.cases-webhook'].includes(connector.type));
    tf.writeConfig(picked.map((connector) => resourceBlock(connector, SPACES.imported)).join('\n'));
    for (const connector of picked) {
      const imported = await tf.run(['import', '-no-color', `${RESOURCE}.${connector.resource}`, `${SPACES.imported}/${ids.get(connector.name)}`]);
      expect(imported.code, explain(imported)).toBe(0);
      expect(imported.stdout).toContain('Import successful!');
    }
    const { plan, changes } = await savedPlan(tf);
    expect(plan.stdout).toContain('Plan: 0 to add, 3 to change, 0 to destroy.');
    expectInPlaceOnly(changes);
    await applyChangesNothing(tf, SPACES.imported, 'Apply complete! Resources: 0 added, 3 changed, 0 destroyed.');
    const updates = (await kcr.events(SPACES.imported)).filter((event) => event.action === 'connector.update');
    expect(updates.map((event) => `${event.connector_id} by ${event.actor}`).sort()).toEqual(picked.map((connector) => `${ids.get(connector.name)} by ${API_KEY_PRINCIPAL.name}`).sort());
  }, TERRAFORM_TIMEOUT);

  it('kcr export --format terraform: the import blocks adopt the whole space, and applying them changes nothing', async () => {
    const exported = await runKcr(['--data-dir', kcr.dataDir, 'export', '--space', SPACES.exported, '--format', 'terraform'], { cwd: work });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.match(/^import \{/gm)).toHaveLength(14);
    const tf = terraformDir();
    tf.writeConfig('');
    tf.write('connectors.tf', exported.stdout);
    const env = secretVariables(exported.stdout);

    const { plan, changes } = await savedPlan(tf, env);
    expect(plan.stdout).toMatch(/Plan: 14 to import, 0 to add, \d+ to change, 0 to destroy\./);
    expect(changes.filter((change) => change.change.importing !== undefined)).toHaveLength(14);
    expectInPlaceOnly(changes);
    await applyChangesNothing(tf, SPACES.exported, 'Apply complete! Resources: 14 imported, 0 added, 14 changed, 0 destroyed.', env);
  }, TERRAFORM_TIMEOUT);
});

/**
 * TF_VAR_ values for the export's sensitive variables, from each variable's description
 * (`secrets.<path> of connector "<name>" (...)`) and the suite's own secret values.
 */
function secretVariables(hcl: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of hcl.matchAll(/variable "([^"]+)" \{\n {2}description = "secrets\.([^ ]+) of connector \\"([^"\\]+)\\"/g)) {
    const [, variable, path, name] = match;
    const connector = FOURTEEN_TYPES.find((candidate) => candidate.name === name);
    const value = path!.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], connector?.secrets);
    if (typeof value !== 'string') throw new Error(`no secret value for variable ${variable} (${name} secrets.${path})`);
    env[`TF_VAR_${variable}`] = value;
  }
  return env;
}
