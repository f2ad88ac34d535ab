import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KCR_BIN, servingUrl } from '../cliHarness.js';

/** A real `kcr serve` child process on a free port, with its own data directory. */
export interface KcrServer {
  url: string;
  dataDir: string;
  /** SIGTERM, then waits for the exit (the data directory stays, for inspection). */
  stop(): Promise<void>;
  /** Removes the data directory. */
  cleanup(): void;
  /** What the server wrote to stderr so far (its JSON log lines). */
  log(): string;
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
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const url = await servingUrl(child);
  return {
    url,
    dataDir,
    log: () => log,
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
