import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KCR_BIN } from '../cliHarness.js';

/** A real `kcr serve` child process on a free port, with its own data directory. */
export interface KcrServer {
  url: string;
  dataDir: string;
  /** SIGTERM, then waits for the exit (the data directory stays, for inspection). */
  stop(): Promise<void>;
  /** Removes the data directory. */
  cleanup(): void;
}

/**
 * Starts `kcr serve --port 0` and reads the URL it logs ("kcr is serving"): port 0 lets the
 * kernel pick a free port, so parallel test files never collide.
 */
export async function startKcrServer(options: { env?: Record<string, string>; dataDir?: string; configYaml?: string } = {}): Promise<KcrServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kcr-serve-'));
  const dataDir = options.dataDir ?? join(dir, 'data');
  // kcr reads ./kcr.yaml from its working directory when present.
  if (options.configYaml) writeFileSync(join(dir, 'kcr.yaml'), options.configYaml);
  const env = options.env ?? {};
  const child = spawn(process.execPath, [KCR_BIN, '--data-dir', dataDir, 'serve', '--port', '0'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await servingUrl(child);
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function servingUrl(child: ChildProcess): Promise<string> {
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
