import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { KCR_BIN, servingUrl } from '../cli/cliHarness.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { GIT, TestRepository, webhookManifest } from './gitOpsHarness.js';

/** Polls the served status until the predicate holds (the deadline only bounds a failing test). */
async function waitForServedStatus(url: string, predicate: (body: { sources: Array<{ status: string; synced_commit?: string }> }) => boolean): Promise<void> {
  const until = Date.now() + 30_000;
  let last = '';
  while (Date.now() < until) {
    const response = await fetch(`${url}/api/reconciler/status`);
    last = await response.text();
    if (response.ok && predicate(JSON.parse(last))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out; last status: ${last}`);
}

describeWithOutsideTool(GIT, 'kcr serve with a Git source (the real binary)', () => {
  let repo: TestRepository | undefined;
  afterEach(() => repo?.cleanup());

  it('applies the source, serves its status, and stops its timers and git on SIGTERM with exit 0', async () => {
    repo = new TestRepository();
    const commit = repo.commit({ 'hook.yaml': webhookManifest('hook-a', 'https://example.com/a1') });
    const config = join(repo.root, 'kcr.yaml');
    writeFileSync(config, [
      'store: {type: sqlite, dataDir: ./data}',
      'sources:',
      `  - {name: ops, git: {url: "${repo.url}"}, interval: 200ms, mode: apply}`,
      'drift: {interval: 200ms}',
      '',
    ].join('\n'));
    const child = spawn(process.execPath, [KCR_BIN, '--config', config, 'serve', '--port', '0'], { cwd: repo.root, env: { PATH: process.env.PATH, KCR_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await servingUrl(child);
      await waitForServedStatus(url, (body) => body.sources[0]?.status === 'Synced' && body.sources[0].synced_commit === commit);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(log).toContain('following a Git source');
      expect(log).toContain('"msg":"stopped"');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses to start on a bad source, naming the setting', async () => {
    repo = new TestRepository();
    const config = join(repo.root, 'kcr.yaml');
    writeFileSync(config, `sources:\n  - {name: ops, git: {url: "https://git.example.com/x.git", token: "\${env:NOT_SET_HERE}"}}\n`);
    const child = spawn(process.execPath, [KCR_BIN, '--config', config, '--data-dir', join(repo.root, 'data'), 'serve', '--port', '0'], { cwd: repo.root, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Error [CONFIG_INVALID]: invalid sources configuration, 1 problem(s):');
    expect(stderr).toContain('/sources/0/git/token: environment variable NOT_SET_HERE is not set or empty');
  });
});
