import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { slackManifest, webhookManifest, Workspace, type KcrRun } from '../cliHarness.js';
import { startKcrServer, type KcrServer } from './kcrServer.js';

// A resolved secret that looks like a reference: remote mode must send it literally.
const SLACK_URL = 'https://hooks.slack.com/services/T0/B0/$${env:NOT_A_REFERENCE}';
const ENV = { SLACK_URL };

/**
 * Ids, times and the actor differ between two runs by design, and so does the desired digest:
 * it covers secrets through their HMAC fingerprint, whose key is per store. Nothing else may.
 */
function mask(text: string): string {
  return text
    .replace(/\b(pln|apl|drf)_[0-9a-z]+/g, '$1_ID')
    .replace(/sha256:[0-9a-f]{64}/g, 'sha256:DIGEST')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME')
    .replace(/\bby (local-cli|anonymous)\b/g, 'by ACTOR')
    .replace(/"actor": "(local-cli|anonymous)"/g, '"actor": "ACTOR"')
    .replace(/"duration_ms": \d+/g, '"duration_ms": 0');
}

interface Step {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
}

/** The same CI session against one backend: plan, apply, converge, change, show, re-apply, drift, errors, history. */
async function session(ws: Workspace, kcr: (args: string[]) => Promise<KcrRun>): Promise<Step[]> {
  ws.write('manifests/chat.yaml', slackManifest('ops-chat'));
  ws.write('manifests/hooks.yaml', webhookManifest('ops-hook', 'https://example.com/v1', { space: 'ops' }));
  ws.write('empty/none.yaml', '# no connectors\n');
  const steps: Step[] = [];
  const run = async (name: string, args: string[]) => {
    const result = await kcr(args);
    steps.push({ name, code: result.code, stdout: mask(result.stdout), stderr: mask(result.stderr) });
    return result;
  };
  await run('first plan', ['plan', 'manifests', '--detailed-exitcode']);
  await run('apply', ['apply', 'manifests', '--auto-approve']);
  await run('converged plan', ['plan', 'manifests', '--detailed-exitcode']);
  ws.write('manifests/hooks.yaml', webhookManifest('ops-hook', 'https://example.com/v2', { space: 'ops' }));
  const changed = await run('changed plan', ['plan', 'manifests', '--detailed-exitcode']);
  const planId = /Saved the plan as (pln_[0-9a-z]+)/.exec(changed.stdout)?.[1] ?? 'missing';
  await run('plan json', ['--json', 'plan', 'manifests']);
  await run('show', ['show', planId]);
  await run('apply stored plan', ['apply', '--plan', planId]);
  await run('apply it again', ['apply', '--plan', planId]);
  await run('drift', ['drift', '--detailed-exitcode']);
  await run('bad set name', ['plan', 'manifests', '--set', 'BAD!']);
  await run('unknown plan', ['show', 'pln-doesnotexist']);
  await run('empty desired state refused', ['plan', 'empty', '--detailed-exitcode']);
  await run('history', ['history', '--limit', '3']);
  await run('history json', ['--json', 'history', '--limit', '3']);
  return steps;
}

describe('the CLI with --server against a real kcr serve process', () => {
  let server: KcrServer;
  const local = new Workspace();
  const remote = new Workspace();
  let localSteps: Step[];
  let remoteSteps: Step[];

  beforeAll(async () => {
    server = await startKcrServer();
    [localSteps, remoteSteps] = await Promise.all([
      session(local, (args) => local.run(args, ENV)),
      session(remote, (args) => remote.run(['--server', server.url, ...args], ENV)),
    ]);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    server?.cleanup();
    local.cleanup();
    remote.cleanup();
  });

  it('exits with the codes SPEC section 6 gives, in both modes', () => {
    const codes = Object.fromEntries(remoteSteps.map((step) => [step.name, step.code]));
    expect(codes).toEqual({
      'first plan': 2, apply: 0, 'converged plan': 0, 'changed plan': 2, 'plan json': 0, show: 0, 'apply stored plan': 0, 'apply it again': 1,
      drift: 0, 'bad set name': 1, 'unknown plan': 1, 'empty desired state refused': 1, history: 0, 'history json': 0,
    });
  });

  it('prints the same output and exits with the same code as local mode (ids and times masked)', () => {
    expect(remoteSteps.map((s) => s.name)).toEqual(localSteps.map((s) => s.name));
    for (const [index, step] of remoteSteps.entries()) {
      expect({ name: step.name, code: step.code, stdout: step.stdout, stderr: step.stderr }).toEqual({ ...localSteps[index] });
    }
  });

  it('shows what a reviewer expects in both modes', () => {
    const byName = (steps: Step[], name: string) => steps.find((s) => s.name === name)!;
    for (const steps of [localSteps, remoteSteps]) {
      expect(byName(steps, 'first plan').stdout).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
      expect(byName(steps, 'converged plan').stdout).toContain('No changes.');
      expect(byName(steps, 'changed plan').stdout).toContain('https://example.com/v2');
      expect(byName(steps, 'apply it again').stderr).toMatch(/^Error \[PLAN_ALREADY_APPLIED\]: plan pln_ID was already applied/);
      expect(byName(steps, 'unknown plan').stderr).toBe('Error [PLAN_NOT_FOUND]: no stored plan with id "pln-doesnotexist"\n');
      expect(byName(steps, 'plan json').stdout).toContain('"file": "manifests/hooks.yaml"');
      expect(byName(steps, 'drift').stdout).toContain('No drift. 2 connector(s) of set "default" match what kcr last applied.');
      expect(steps.map((s) => s.stdout + s.stderr).join('\n')).not.toContain('NOT_A_REFERENCE');
      // History lists plan heads (no resource changes) in both modes.
      const history = JSON.parse(byName(steps, 'history json').stdout) as { plans: Array<Record<string, unknown>> };
      expect(history.plans.length).toBe(3);
      expect(history.plans.every((plan) => typeof plan.summary === 'object' && !('resource_changes' in plan))).toBe(true);
    }
  });

  it('stores the resolved secret literally on the server (a value that looks like a reference is not resolved again)', async () => {
    await server.stop();
    const store = await openSqliteStore({ dataDir: server.dataDir });
    try {
      const [chat] = await store.embeddedConnectors.list('default');
      expect(chat.secrets.reveal()).toEqual({ webhookUrl: SLACK_URL });
    } finally {
      await store.close();
    }
  });
});
