import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/api/app.js';
import type { DeepPartial } from '../../src/config/loadConfig.js';
import type { KcrConfig, SourceConfig } from '../../src/config/types.js';
import { createLogger } from '../../src/logging/createLogger.js';
import { ReconcilerService } from '../../src/reconciler/ReconcilerService.js';
import { GitOpsController } from '../../src/reconciler/sources/GitOpsController.js';
import { SourceSyncer } from '../../src/reconciler/sources/SourceSyncer.js';
import { readSourceSettings } from '../../src/reconciler/sources/sourceSettings.js';
import type { SetSpaceStatus, SourceState } from '../../src/reconciler/sources/types.js';
import { createTestApp, type TestApp } from '../helpers/createTestApp.js';
import type { OutsideTool } from '../helpers/outsideTool.js';

/** The machine's git: these suites run it for real (bare repositories, commits, force-pushes). */
export const GIT: OutsideTool = {
  needs: 'git (Debian package git)',
  missingBecause: (() => {
    try {
      execFileSync('git', ['--version'], { stdio: 'ignore' });
      return null;
    } catch {
      return 'git is not on PATH';
    }
  })(),
  enableWith: 'apt-get install -y git',
};

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** A bare repository (the "remote") and a working clone that commits and pushes to it. */
export class TestRepository {
  readonly root = mkdtempSync(join(tmpdir(), 'kcr-git-'));
  readonly bare = join(this.root, 'remote.git');
  readonly work = join(this.root, 'work');

  constructor() {
    this.git(this.root, 'init', '-q', '--bare', '-b', 'main', this.bare);
    this.git(this.root, 'init', '-q', '-b', 'main', this.work);
  }

  get url(): string {
    return `file://${this.bare}`;
  }

  /** Writes files (path -> text; null deletes), commits everything and pushes; returns the commit. */
  commit(files: Record<string, string | null>, message = 'change', options: { force?: boolean } = {}): string {
    for (const [path, text] of Object.entries(files)) {
      const absolute = join(this.work, path);
      if (text === null) rmSync(absolute, { recursive: true, force: true });
      else {
        mkdirSync(dirname(absolute), { recursive: true });
        writeFileSync(absolute, text);
      }
    }
    this.git(this.work, 'add', '-A');
    this.git(this.work, 'commit', '-q', '--allow-empty', '-m', message);
    this.git(this.work, 'push', '-q', ...(options.force ? ['--force'] : []), this.bare, 'main');
    return this.head();
  }

  /** Moves the working branch back to `commit` (history is rewritten at the next forced push). */
  resetTo(commit: string): void {
    this.git(this.work, 'reset', '-q', '--hard', commit);
  }

  head(): string {
    return this.git(this.work, 'rev-parse', 'HEAD').trim();
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  }
}

/** A `.webhook` connector manifest in YAML (the same shape as the reconciler tests' helper). */
export function webhookManifest(name: string, url: string, options: { space?: string } = {}): string {
  return [
    'apiVersion: kcr/v1', 'kind: Connector', 'metadata:', `  name: ${name}`, 'spec:', `  space_id: ${options.space ?? 'default'}`,
    `  name: "${name}"`, '  connector_type_id: .webhook', '  config:', `    url: ${url}`, '    method: post', '    hasAuth: false', '',
  ].join('\n');
}

export interface GitOpsApp extends TestApp {
  service: ReconcilerService;
  controller: GitOpsController;
  stop(): Promise<void>;
}

/** The real app with a GitOps controller over the given sources (real SQLite, embedded target), started. */
export async function startGitOpsApp(sources: SourceConfig[], overrides: DeepPartial<KcrConfig> = {}, env: Record<string, string | undefined> = { PATH: process.env.PATH }, driftIntervalMs: number | null = 200): Promise<GitOpsApp> {
  const base = await createTestApp({ ...overrides, sources, drift: overrides.drift ?? { interval: '200ms' } } as DeepPartial<KcrConfig>);
  const service = new ReconcilerService({ config: base.config, store: base.store, target: base.target, registry: base.registry });
  const settings = readSourceSettings(base.config, { env, cwd: base.dataDir });
  const cacheRoot = join(base.dataDir, 'sources');
  const syncers = settings.map((source) => new SourceSyncer(source, { service, store: base.store, registry: base.registry, settings: base.config.actions, env, cacheRoot, now: () => new Date() }));
  const controller = new GitOpsController({ service, store: base.store, syncers, driftIntervalMs, leaseTtlMs: base.config.lockTtlMs });
  const logger = createLogger({ level: 'debug', destination: base.logs });
  const app: Express = createApp({ config: base.config, store: base.store, target: base.target, registry: base.registry, logger, reconciler: service, gitOps: controller });
  controller.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await controller.stop();
  };
  return { ...base, app, service, controller, stop, cleanup: async () => { await stop(); await base.cleanup(); } };
}

/** GET /api/reconciler/status. */
export async function readStatus(app: Express): Promise<{ items: SetSpaceStatus[]; sources: SourceState[] }> {
  const response = await request(app).get('/api/reconciler/status');
  if (response.status !== 200) throw new Error(`status answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as { items: SetSpaceStatus[]; sources: SourceState[] };
}

/**
 * Polls the status endpoint until `predicate` holds. The deadline only bounds a failing test: no
 * assertion depends on how long anything took.
 */
export async function waitForStatus(app: Express, predicate: (status: { items: SetSpaceStatus[]; sources: SourceState[] }) => boolean, what: string, deadlineMs = 30_000): Promise<{ items: SetSpaceStatus[]; sources: SourceState[] }> {
  const until = Date.now() + deadlineMs;
  let last: { items: SetSpaceStatus[]; sources: SourceState[] } | undefined;
  while (Date.now() < until) {
    last = await readStatus(app);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last, null, 2)}`);
}
