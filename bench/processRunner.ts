/**
 * Runs one measured process (a `kcr` command or the parse-only floor) and reports its wall time,
 * its CPU time (user + system, every thread) and its peak RSS. CPU time is what the bench's
 * ratios use: on a machine shared with other work, wall time moves with everyone else's load,
 * CPU time far less.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
const REPORT_USAGE = join(REPO, 'bench/reportUsage.mjs');

export interface ProcessFigures {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  exitCode: number;
}

let runs = 0;

/**
 * `node <script> <args>` with bench/reportUsage.mjs preloaded; stdout is discarded (a plan's text
 * is still rendered and written, as a user's terminal would get it), stderr kept for errors.
 */
export async function runMeasured(script: string, args: string[], options: { env: Record<string, string>; cwd: string; allowExit?: number[] }): Promise<ProcessFigures> {
  const usageFile = join(options.cwd, `.usage-${process.pid}-${runs++}.json`);
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env, KCR_BENCH_USAGE_FILE: usageFile };
  const started = process.hrtime.bigint();
  let stderr = '';
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REPORT_USAGE, script, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 10_000) stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (exitCode !== 0 && !(options.allowExit ?? []).includes(exitCode)) {
    throw new Error(`${script} ${args.join(' ')} exited with ${exitCode}: ${stderr.slice(0, 2000)}`);
  }
  const usage = JSON.parse(readFileSync(usageFile, 'utf8').trim().split('\n').pop()!) as { cpuMs: number; maxRssMb: number };
  rmSync(usageFile, { force: true });
  return { wallMs, cpuMs: usage.cpuMs, maxRssMb: usage.maxRssMb, exitCode };
}

/** `kcr <args>` as a user runs it (bin/kcr.js over the built dist/). */
export function runKcr(args: string[], options: { env: Record<string, string>; cwd: string; allowExit?: number[] }): Promise<ProcessFigures> {
  return runMeasured(join(REPO, 'bin/kcr.js'), args, options);
}

/** The floor: a process that only reads and parses the same YAML (bench/parseOnlyProcess.mjs). */
export function runParseFloor(dir: string, cwd: string): Promise<ProcessFigures> {
  return runMeasured(join(REPO, 'bench/parseOnlyProcess.mjs'), [dir], { env: {}, cwd });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
