import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutsideTool } from '../helpers/outsideTool.js';

/**
 * Where test/terraform/build-tools.sh puts the Terraform CLI and the elastic/elasticstack
 * provider it builds from the Go module proxy (keep the versions in step with that script).
 */
export const TERRAFORM_VERSION = '1.5.7';
export const PROVIDER_VERSION = '0.16.2';
const TOOLS_HOME = process.env.KCR_TERRAFORM_TOOLS_HOME ?? join(homedir(), '.cache', 'kcr-terraform-tools');
const TOOLS_DIR = join(TOOLS_HOME, `terraform-${TERRAFORM_VERSION}_elasticstack-${PROVIDER_VERSION}`);
export const TERRAFORM_BIN = join(TOOLS_DIR, 'terraform');
const PROVIDER_DIR = join(TOOLS_DIR, 'provider');

function missingBecause(): string | null {
  if (!existsSync(TERRAFORM_BIN)) return `${TERRAFORM_BIN} is not built`;
  if (!existsSync(join(PROVIDER_DIR, 'terraform-provider-elasticstack'))) return `the provider is not built in ${PROVIDER_DIR}`;
  return null;
}

export const TERRAFORM_TOOLS: OutsideTool = {
  needs: `Terraform ${TERRAFORM_VERSION} and the elastic/elasticstack provider ${PROVIDER_VERSION} (built with Go)`,
  missingBecause: missingBecause(),
  enableWith: 'npm run terraform:tools',
};

/** Terraform's exit, its output (colour off) and both streams together for messages. */
export interface TerraformRun {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
}

/** The provider settings of the `kibana` block: where kcr listens and one kind of credential. */
export type KibanaCredentials = { apiKey: string } | { username: string; password: string };

/**
 * A temporary Terraform working directory. The provider comes from `dev_overrides` in a CLI
 * config of its own (TF_CLI_CONFIG_FILE), so `terraform init` is never run and no registry is
 * contacted; checkpoint (the version check) is off.
 */
export class TerraformDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'kcr-terraform-'));
  private readonly cliConfig = join(this.dir, '.terraformrc');

  constructor(private readonly kibanaUrl: string, private readonly credentials: KibanaCredentials) {
    writeFileSync(
      this.cliConfig,
      `provider_installation {\n  dev_overrides {\n    "elastic/elasticstack" = ${JSON.stringify(PROVIDER_DIR)}\n  }\n  direct {}\n}\n`,
    );
    mkdirSync(join(this.dir, 'plugin-cache'));
  }

  /** Writes main.tf: the provider block pointing at kcr, then the given resources. */
  writeConfig(resources: string): void {
    writeFileSync(join(this.dir, 'main.tf'), `${providerBlock(this.kibanaUrl, this.credentials)}\n${resources}`);
  }

  write(name: string, text: string): void {
    writeFileSync(join(this.dir, name), text);
  }

  run(args: string[], env: Record<string, string> = {}): Promise<TerraformRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(TERRAFORM_BIN, [...args], {
        cwd: this.dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: this.dir,
          TF_CLI_CONFIG_FILE: this.cliConfig,
          TF_IN_AUTOMATION: '1',
          TF_INPUT: '0',
          CHECKPOINT_DISABLE: '1',
          TF_PLUGIN_CACHE_DIR: join(this.dir, 'plugin-cache'),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, output: `${stdout}\n${stderr}` }));
    });
  }

  apply(extra: string[] = [], env: Record<string, string> = {}): Promise<TerraformRun> {
    return this.run(['apply', '-auto-approve', '-no-color', ...extra], env);
  }

  /** `plan -detailed-exitcode`: 0 no changes, 1 error, 2 changes. */
  plan(extra: string[] = [], env: Record<string, string> = {}): Promise<TerraformRun> {
    return this.run(['plan', '-detailed-exitcode', '-no-color', ...extra], env);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function providerBlock(url: string, credentials: KibanaCredentials): string {
  const auth = 'apiKey' in credentials
    ? [`    api_key   = ${JSON.stringify(credentials.apiKey)}`]
    : [`    username  = ${JSON.stringify(credentials.username)}`, `    password  = ${JSON.stringify(credentials.password)}`];
  return [
    'terraform {',
    '  required_providers {',
    '    elasticstack = { source = "elastic/elasticstack" }',
    '  }',
    '}',
    '',
    'provider "elasticstack" {',
    '  kibana {',
    `    endpoints = [${JSON.stringify(url)}]`,
    ...auth,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A failed run's text for an assertion message. */
export function explain(run: TerraformRun): string {
  return `terraform exited ${run.code}\n${run.output.slice(-6000)}`;
}

/** Both streams with Terraform's line wrapping of diagnostics undone, for matching messages. */
export function flatOutput(run: TerraformRun): string {
  return run.output.replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');
}

/** Per test: several Terraform runs, each starting the provider; generous for a busy 2-core machine. */
export const TERRAFORM_TIMEOUT = 600_000;
