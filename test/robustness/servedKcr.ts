import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KCR_BIN } from '../cli/cliHarness.js';
import { freePort } from '../e2e/servedKcr.js';

/** A `kcr serve` child process (the built dist/) whose log goes to a file, so that no pipe fills up under load. */
export interface ServedKcr {
  url: string;
  dir: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr (its pino log) so far. */
  log(): string;
  /** SIGTERM (or the given signal), then waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  cleanup(): void;
}

/** A fresh working directory holding `kcr.yaml`; `kcr serve` runs in it with `<dir>/data` as its data dir. */
export function workingDir(configYaml: string, prefix = 'kcr-robust-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'kcr.yaml'), configYaml);
  return dir;
}

/**
 * Starts `node bin/kcr.js serve` in `dir` on a free port and resolves once it logs "kcr is
 * serving". stderr is written to `<dir>/serve.log` (appended across restarts of the same dir).
 */
export async function serveIn(dir: string, env: Record<string, string> = {}): Promise<ServedKcr> {
  const port = await freePort();
  const dataDir = join(dir, 'data');
  const logPath = join(dir, 'serve.log');
  const child = spawn(process.execPath, [KCR_BIN, 'serve', '--port', String(port), '--data-dir', dataDir], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const file = createWriteStream(logPath, { flags: 'a' });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcr serve did not start within 30 s:\n${seen}`));
    }, 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`kcr serve exited (${code ?? signal}) before serving:\n${seen}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      file.write(chunk);
      if (seen.includes('kcr is serving')) return;
      seen += chunk.toString('utf8');
      if (seen.includes('kcr is serving')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve();
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    dataDir,
    child,
    log: () => readFileSync(logPath, 'utf8'),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill(signal);
        await exited;
      }
      await new Promise<void>((resolve) => file.end(() => resolve()));
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
