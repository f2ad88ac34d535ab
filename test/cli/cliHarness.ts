import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const KCR_BIN = join(REPO_ROOT, 'bin/kcr.js');

export interface KcrRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `kcr` binary (the built dist/) in `cwd`, with only the environment given. */
export function runKcr(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<KcrRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [KCR_BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** A temporary project folder with manifests; `kcr` runs inside it with its own data dir. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'kcr-cli-'));

  write(relativePath: string, content: string): string {
    const path = join(this.dir, relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  remove(relativePath: string): void {
    rmSync(join(this.dir, relativePath), { force: true, recursive: true });
  }

  run(args: string[], env: Record<string, string> = {}): Promise<KcrRun> {
    return runKcr(args, { cwd: this.dir, env });
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A `.slack` connector manifest (secrets from the environment). */
export function slackManifest(name: string, options: { space?: string; displayName?: string; envVar?: string; extra?: string } = {}): string {
  return [
    'apiVersion: kcr/v1',
    'kind: Connector',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  space_id: ${options.space ?? 'default'}`,
    `  name: "${options.displayName ?? name}"`,
    '  connector_type_id: .slack',
    '  secrets:',
    `    webhookUrl: \${env:${options.envVar ?? 'SLACK_URL'}}`,
    options.extra ?? '',
  ].join('\n');
}

/** A `.webhook` connector manifest. */
export function webhookManifest(name: string, url: string, options: { space?: string; method?: string } = {}): string {
  return [
    'apiVersion: kcr/v1',
    'kind: Connector',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  space_id: ${options.space ?? 'default'}`,
    `  name: "${name}"`,
    '  connector_type_id: .webhook',
    '  config:',
    `    url: ${url}`,
    `    method: ${options.method ?? 'post'}`,
    '    hasAuth: false',
    '    authType: null',
  ].join('\n');
}

/** An `.index` connector manifest (no secrets). */
export function indexManifest(name: string, index: string, options: { space?: string; policy?: string } = {}): string {
  return [
    'apiVersion: kcr/v1',
    'kind: Connector',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  space_id: ${options.space ?? 'default'}`,
    `  name: "${name}"`,
    '  connector_type_id: .index',
    '  config:',
    `    index: ${index}`,
    options.policy ?? '',
  ].join('\n');
}

/** The URL from a `kcr serve` child's "kcr is serving" log line; rejects with the log if it exits or stays silent for 30 s. */
export function servingUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcr serve did not start within 30 s:\n${log}`));
    }, 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      for (const line of log.split('\n')) {
        if (!line.includes('kcr is serving')) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
        return;
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kcr serve exited with ${code} before serving:\n${log}`));
    });
  });
}
