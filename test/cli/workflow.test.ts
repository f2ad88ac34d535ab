import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workspace, indexManifest, slackManifest, webhookManifest } from './cliHarness.js';

const ENV = { SLACK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' };

describe('kcr CLI: validate, plan, apply, converge (real binary, embedded SQLite store)', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.cleanup());

  it('validate exits 0 for valid manifests and 1 with file, document and pointer for invalid ones', async () => {
    ws.write('m/ok.yaml', slackManifest('ops-slack'));
    const ok = await ws.run(['validate', 'm'], ENV);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 connector(s)');

    ws.write('m/bad.yaml', indexManifest('bad-index', '""').replace('  name: "bad-index"', '  name: ""'));
    const bad = await ws.run(['validate', 'm'], ENV);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/m\/bad\.yaml/);
    expect(bad.stderr).toMatch(/\/spec\/name/);
  });

  it('plan --detailed-exitcode gives 2 with changes, 0 after apply (converged), 1 on error', async () => {
    ws.write('m/slack.yaml', slackManifest('ops-slack', { space: 'ops' }));
    ws.write('m/index.yaml', indexManifest('alerts-index', 'alerts-history'));

    const first = await ws.run(['plan', 'm', '--detailed-exitcode'], ENV);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');

    const apply = await ws.run(['apply', 'm', '--auto-approve'], ENV);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete! Connectors: 2 added, 0 changed, 0 destroyed/);

    const again = await ws.run(['plan', 'm', '--detailed-exitcode'], ENV);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/No changes/);

    const missingEnv = await ws.run(['plan', 'm', '--detailed-exitcode'], {});
    expect(missingEnv.code).toBe(1);
    expect(missingEnv.stderr).toMatch(/SLACK_URL/);
  });

  it('an update and a delete are planned and applied; the JSON plan matches SPEC section 5', async () => {
    ws.write('m/slack.yaml', slackManifest('ops-slack'));
    ws.write('m/index.yaml', indexManifest('alerts-index', 'alerts-history'));
    expect((await ws.run(['apply', 'm', '--auto-approve'], ENV)).code).toBe(0);

    ws.write('m/slack.yaml', slackManifest('ops-slack', { displayName: 'Ops Slack (renamed)' }));
    ws.remove('m/index.yaml');
    const planned = await ws.run(['plan', 'm', '--json'], ENV);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout);
    expect(plan.format_version).toBe('1.0');
    expect(plan.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 1, no_op: 0, forget: 0 });
    const actions = Object.fromEntries(plan.resource_changes.map((rc: { name: string; change: { actions: string[] } }) => [rc.name, rc.change.actions]));
    expect(actions).toEqual({ 'Ops Slack (renamed)': ['update'], 'alerts-index': ['delete'] });

    const applied = await ws.run(['apply', '--plan', plan.plan_id], ENV);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/0 added, 1 changed, 1 destroyed/);
    expect((await ws.run(['plan', 'm', '--detailed-exitcode'], ENV)).code).toBe(0);
  });

  it('refuses a stale plan and changes nothing', async () => {
    ws.write('a/slack.yaml', slackManifest('ops-slack'));
    ws.write('b/index.yaml', indexManifest('other-index', 'other'));
    const planned = JSON.parse((await ws.run(['plan', 'a', '--json'], ENV)).stdout);

    // Another set writes to the same space: the space serial moves.
    expect((await ws.run(['apply', 'b', '--set', 'other', '--auto-approve'], ENV)).code).toBe(0);

    const stale = await ws.run(['apply', '--plan', planned.plan_id], ENV);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/PLAN_STALE/);
    expect(stale.stderr).toMatch(/default/);
    const replan = JSON.parse((await ws.run(['plan', 'a', '--json'], ENV)).stdout);
    expect(replan.summary.create).toBe(1);
  });

  it('applies a plan at most once', async () => {
    ws.write('m/slack.yaml', slackManifest('ops-slack'));
    const planned = JSON.parse((await ws.run(['plan', 'm', '--json', '--out', 'plan.json'], ENV)).stdout);
    expect((await ws.run(['apply', '--plan', 'plan.json'], ENV)).code).toBe(0);
    const twice = await ws.run(['apply', '--plan', planned.plan_id], ENV);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/PLAN_ALREADY_APPLIED/);
  });

  it('reports a partially failing apply as partial and converges on re-plan', async () => {
    ws.write('m/a.yaml', webhookManifest('hook-a', 'https://good.example.com/a', { space: 'a' }));
    ws.write('m/b1.yaml', webhookManifest('hook-b1', 'https://blocked.example.org/b', { space: 'b' }));
    ws.write('m/b2.yaml', webhookManifest('hook-b2', 'https://good.example.com/b2', { space: 'b' }));
    const planned = JSON.parse((await ws.run(['plan', 'm', '--json'], ENV)).stdout);
    expect(planned.summary.create).toBe(3);

    // The target now refuses one host (as a Kibana whose xpack.actions.allowedHosts changed would).
    ws.write('kcr.yaml', 'actions:\n  allowedHosts: ["good.example.com"]\n');
    const partial = await ws.run(['apply', '--plan', planned.plan_id], ENV);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toMatch(/Apply partial: 1 succeeded, 1 failed, 1 skipped/);
    expect(partial.stderr).toMatch(/blocked\.example\.org.*allowedHosts/);

    ws.remove('kcr.yaml');
    const replan = JSON.parse((await ws.run(['plan', 'm', '--json'], ENV)).stdout);
    expect(replan.summary).toMatchObject({ create: 2, no_op: 1 });
    expect((await ws.run(['apply', '--plan', replan.plan_id], ENV)).code).toBe(0);
    expect((await ws.run(['plan', 'm', '--detailed-exitcode'], ENV)).code).toBe(0);
  });

  it('history lists plans and applies; show prints a stored plan and an apply', async () => {
    ws.write('m/slack.yaml', slackManifest('ops-slack'));
    const applied = await ws.run(['apply', 'm', '--auto-approve', '--json'], ENV);
    const { plan, apply } = JSON.parse(applied.stdout);
    const history = await ws.run(['history'], ENV);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(plan.plan_id);
    expect(history.stdout).toContain(apply.apply_id);
    const shown = await ws.run(['show', plan.plan_id], ENV);
    expect(shown.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    const shownApply = await ws.run(['show', apply.apply_id], ENV);
    expect(shownApply.stdout).toMatch(/succeeded\s+create/);
    const unknown = await ws.run(['show', 'pln_doesnotexist'], ENV);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/PLAN_NOT_FOUND/);
  });

  it('types lists every connector type grouped by category', async () => {
    const types = await ws.run(['types'], {});
    expect(types.code).toBe(0);
    for (const heading of ['Generative AI', 'Elastic Stack', 'Alerting and case management']) expect(types.stdout).toContain(heading);
    for (const id of ['.slack', '.gen-ai', '.index', '.servicenow-itom', '.microsoft_defender_endpoint']) expect(types.stdout).toContain(id);
  });

  it('prints one clear error line and no stack trace for an unknown option or command', async () => {
    const result = await ws.run(['plan', 'm', '--bogus'], ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown option/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
