import type { Writable } from 'node:stream';

/** What a CLI run reads and writes: injected so tests and the binary share one code path. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Options every command accepts (SPEC section 6). */
export interface GlobalOptions {
  config?: string;
  dataDir?: string;
  server?: string;
  json?: boolean;
  color?: boolean;
  debug?: boolean;
}

/** Exit codes: SPEC section 6 (Terraform's -detailed-exitcode convention). */
export const EXIT = { OK: 0, ERROR: 1, CHANGES: 2 } as const;

/** Colour only on a terminal, never with --no-color or NO_COLOR set. */
export function useColor(io: CliIo, options: GlobalOptions): boolean {
  if (options.color === false || io.env.NO_COLOR !== undefined) return false;
  return Boolean(io.stdout.isTTY);
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
