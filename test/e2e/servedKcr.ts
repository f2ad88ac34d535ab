import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KCR_BIN, servingUrl } from '../cli/cliHarness.js';

/** A `kcr serve` child process (the built dist/) on the embedded target: it plays Kibana. */
export interface ServedKcr {
  url: string;
  port: number;
  dataDir: string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
  /** Removes its working and data directories. */
  cleanup(): void;
}

/** A free TCP port on loopback: listen on port 0, read what the kernel gave, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `node bin/kcr.js serve --port <free port> --data-dir <dir>` with `configYaml` as its kcr.yaml. */
export async function startServedKcr(configYaml = ''): Promise<ServedKcr> {
  const dir = mkdtempSync(join(tmpdir(), 'kcr-e2e-kibana-'));
  const dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'kcr.yaml'), configYaml);
  const port = await freePort();
  const child = spawn(process.execPath, [KCR_BIN, 'serve', '--port', String(port), '--data-dir', dataDir], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await servingUrl(child);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
