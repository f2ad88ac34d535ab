import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp project folder where the real CLI runs in-process, with an explicit environment. */
export class CliProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'kcr-security-cli-'));
  readonly runs: CliResult[] = [];

  write(relativePath: string, content: string): string {
    const path = join(this.dir, relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  async run(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const code = await runCli([...args, '--no-color'], { stdout, stderr, stdin: new PassThrough(), env: { NO_COLOR: '1', ...env }, cwd: this.dir });
    const result = { code, stdout: out, stderr: err };
    this.runs.push(result);
    return result;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
