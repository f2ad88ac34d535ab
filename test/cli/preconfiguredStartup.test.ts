import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KCR_BIN, runKcr, servingUrl } from './cliHarness.js';

// Kibana refuses to start only on the shape of xpack.actions.preconfigured; a connector its type
// would refuse is started with and fails when run. kcr serve does the same, and names it.
const VALID = [
  'preconfigured:',
  '  ops-slack: {actionTypeId: .slack, name: Ops Slack, secrets: {webhookUrl: "https://hooks.slack.com/services/T0/B0/canary-pre-secret"}}',
  '  audit-index: {actionTypeId: .index, name: Audit, config: {index: audit}}',
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcr-preconfigured-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('kcr serve with preconfigured connectors', () => {
  it('starts with one its type refuses among valid ones, serves all of them, and names the bad one in a warning', async () => {
    writeFileSync(join(dir, 'kcr.yaml'), [...VALID, '  broken-index: {actionTypeId: .index, name: Broken, config: {refresh: true}}'].join('\n'));
    const child = spawn(process.execPath, [KCR_BIN, '--data-dir', join(dir, 'data'), 'serve', '--port', '0'], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    try {
      const url = await servingUrl(child);
      const listed = (await (await fetch(`${url}/api/actions/connectors`)).json()) as Array<{ id: string; is_preconfigured: boolean }>;
      expect(listed.filter((connector) => connector.is_preconfigured).map((connector) => connector.id).sort()).toEqual(['audit-index', 'broken-index', 'ops-slack']);
      const warning = log.split('\n').find((line) => line.includes('broken-index'));
      expect(warning).toBeDefined();
      const entry = JSON.parse(warning!) as { level: number; setting: string; msg: string };
      expect(entry.setting).toBe('/preconfigured/broken-index/config/index');
      expect(entry.msg).toMatch(/^preconfigured connector "broken-index": /);
      expect(log).not.toContain('ops-slack":');
      expect(log).not.toContain('canary-pre-secret');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('refuses to start on one Kibana itself would refuse (a blank name), naming it and only it', async () => {
    writeFileSync(join(dir, 'kcr.yaml'), [...VALID, '  nameless: {actionTypeId: .index, name: "", config: {index: x}}'].join('\n'));
    const run = await runKcr(['--data-dir', join(dir, 'data'), 'serve', '--port', '0'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('/preconfigured/nameless/name');
    expect(run.stderr).not.toContain('ops-slack');
    expect(run.stderr).not.toContain('audit-index');
    expect(run.stderr).not.toContain('canary-pre-secret');
  });
});
