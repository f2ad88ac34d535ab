import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackManifest, webhookManifest, Workspace } from './cliHarness.js';

const CANARY = 'https://hooks.slack.com/services/T000/B000/CANARY-md-secret';

describe('kcr plan --format markdown (the real binary)', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.cleanup());

  it('prints a pull-request comment: the summary line first, a section per space, no secret', async () => {
    ws.write('connectors/slack.yaml', slackManifest('ops-slack', { space: 'ops', envVar: 'OPS_SLACK_WEBHOOK' }));
    ws.write('connectors/hook.yaml', webhookManifest('hook-a', 'https://example.com/a'));
    const run = await ws.run(['plan', 'connectors', '--format', 'markdown', '--detailed-exitcode'], { OPS_SLACK_WEBHOOK: CANARY });
    expect(run.code, run.stderr).toBe(2);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('**kcr plan for set `default`: 2 to add, 0 to change, 0 to destroy.**');
    expect(run.stdout).toContain('<details><summary>Space <code>default</code>: 1 to add, 0 to change, 0 to destroy</summary>');
    expect(run.stdout).toContain('<details><summary>Space <code>ops</code>: 1 to add, 0 to change, 0 to destroy</summary>');
    expect(run.stdout).toMatch(/^\+ {7}secrets\s+= \(sensitive value\)$/m);
    expect(run.stdout + run.stderr).not.toContain('CANARY-md-secret');
    expect(run.stdout).not.toContain('Saved the plan as');
  });

  it('refuses an unknown format', async () => {
    const run = await ws.run(['plan', 'connectors', '--format', 'html']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("option '--format <format>' argument 'html' is invalid. Allowed choices are text, markdown.");
  });
});
