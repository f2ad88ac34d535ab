/**
 * The scaling table (issue 15, items 1 and 2), every figure a whole `kcr` process as a user runs
 * it: for 1,000 and 10,000 connectors over 100 spaces (and 100,000 over 1,000 spaces with
 * KCR_BENCH_LARGE=1), validate + plan against an empty store, apply of every create, the no-op
 * re-plan without and with the parse cache, beside a process that only parses the same YAML (the
 * floor), the peak RSS, and the growth factor per 10x. Ratios use CPU time (see processRunner.ts)
 * and are medians of KCR_BENCH_REPEAT rounds (default 3; one round at 100,000), each round
 * running the floor and both re-plans back to back.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchStores, type BenchStore } from './benchStores.js';
import { generateManifests } from './generateManifests.js';
import { printRow } from './measure.js';
import { median, REPO, runKcr, runParseFloor, type ProcessFigures } from './processRunner.js';

interface Size {
  connectors: number;
  spaces: number;
}

interface Row {
  size: Size;
  floor: ProcessFigures;
  plan: ProcessFigures;
  apply: ProcessFigures;
  noCache: ProcessFigures;
  cached: ProcessFigures;
  noCacheRatio: number;
  cachedRatio: number;
  peakRssMb: number;
}

const REPEAT = Number(process.env.KCR_BENCH_REPEAT ?? 3);
const SET = 'bench';

export function scalingSizes(): Size[] {
  const sizes = [{ connectors: 1_000, spaces: 100 }, { connectors: 10_000, spaces: 100 }];
  if (process.env.KCR_BENCH_LARGE === '1') sizes.push({ connectors: 100_000, spaces: 1_000 });
  return sizes;
}

function latestPlanId(dataDir: string, env: Record<string, string>, cwd: string): string {
  const out = execFileSync(process.execPath, [join(REPO, 'bin/kcr.js'), '--data-dir', dataDir, '--json', 'history', '--limit', '1'], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 });
  const id = (JSON.parse(out.toString()) as { plans: Array<{ plan_id: string }> }).plans[0]?.plan_id;
  if (!id) throw new Error('kcr history shows no plan');
  return id;
}

/** The process with the median CPU time of `runs`. */
function medianRun(runs: ProcessFigures[]): ProcessFigures {
  const cpu = median(runs.map((run) => run.cpuMs));
  return runs.reduce((best, run) => (Math.abs(run.cpuMs - cpu) < Math.abs(best.cpuMs - cpu) ? run : best));
}

async function measureSize(root: string, store: BenchStore, size: Size): Promise<Row> {
  const dir = join(root, `scale-${size.connectors}`);
  const manifests = join(dir, 'manifests');
  const dataDir = join(dir, `${store.name}-data`);
  mkdirSync(dir, { recursive: true });
  generateManifests(manifests, size.connectors, size.spaces);
  await store.reset?.(dataDir);
  const env = store.env;
  const kcr = (args: string[], extraEnv: Record<string, string> = {}, allowExit?: number[]) =>
    runKcr(['--data-dir', dataDir, ...args], { env: { ...env, ...extraEnv }, cwd: dir, allowExit });

  const plan = await kcr(['plan', '--set', SET, manifests]);
  const planId = latestPlanId(dataDir, env, dir);
  const apply = await kcr(['apply', '--plan', planId, '--auto-approve']);
  const rounds = size.connectors >= 100_000 ? 1 : REPEAT;
  const floors: ProcessFigures[] = [];
  const noCaches: ProcessFigures[] = [];
  const cacheds: ProcessFigures[] = [];
  const noCacheRatios: number[] = [];
  const cachedRatios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const floor = await runParseFloor(manifests, dir);
    // --detailed-exitcode: 0 means no changes, which is what a no-op re-plan must find.
    const noCache = await kcr(['plan', '--set', SET, '--detailed-exitcode', manifests], { KCR_MANIFEST_CACHE: 'false' });
    const cached = await kcr(['plan', '--set', SET, '--detailed-exitcode', manifests]);
    floors.push(floor);
    noCaches.push(noCache);
    cacheds.push(cached);
    noCacheRatios.push(noCache.cpuMs / floor.cpuMs);
    cachedRatios.push(cached.cpuMs / floor.cpuMs);
  }
  const all = [plan, apply, ...noCaches, ...cacheds];
  return {
    size, floor: medianRun(floors), plan, apply, noCache: medianRun(noCaches), cached: medianRun(cacheds),
    noCacheRatio: median(noCacheRatios), cachedRatio: median(cachedRatios), peakRssMb: Math.max(...all.map((run) => run.maxRssMb)),
  };
}

function seconds(run: ProcessFigures): string {
  return `${(run.wallMs / 1000).toFixed(1)} s (cpu ${(run.cpuMs / 1000).toFixed(1)})`;
}

function printTable(store: BenchStore, rows: Row[]): void {
  const header = ['connectors/spaces', 'parse floor', 'validate+plan', 'apply', 'no-op, no cache', 'no-op, cache', 'peak RSS'];
  const cells = rows.map((row) => [
    `${row.size.connectors}/${row.size.spaces}`, seconds(row.floor), seconds(row.plan), seconds(row.apply),
    `${seconds(row.noCache)} ${row.noCacheRatio.toFixed(2)}x`, `${seconds(row.cached)} ${row.cachedRatio.toFixed(2)}x`, `${row.peakRssMb.toFixed(0)} MB`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join('  ');
  console.log(`\nScaling, store ${store.name}: wall (CPU) of whole kcr processes; "Nx" = CPU / parse floor's CPU (median of ${REPEAT} rounds; 1 round at 100,000)`);
  console.log(line(header));
  for (const values of cells) console.log(line(values));
  for (let i = 1; i < rows.length; i++) {
    const [small, large] = [rows[i - 1]!, rows[i]!];
    const factor = large.size.connectors / small.size.connectors;
    const growth = (pick: (row: Row) => ProcessFigures) => (pick(large).cpuMs / pick(small).cpuMs).toFixed(1);
    printRow(`growth ${small.size.connectors} -> ${large.size.connectors} (${factor}x), CPU`, `validate+plan ${growth((r) => r.plan)}x, apply ${growth((r) => r.apply)}x, no-op no cache ${growth((r) => r.noCache)}x, cache ${growth((r) => r.cached)}x, floor ${growth((r) => r.floor)}x`);
  }
}

export async function run(root: string): Promise<void> {
  for (const store of benchStores()) {
    const available = await store.available();
    if (available !== true) {
      console.log(`\nScaling, store ${store.name}: skipped (${available})`);
      continue;
    }
    const rows: Row[] = [];
    for (const size of scalingSizes()) rows.push(await measureSize(root, store, size));
    printTable(store, rows);
  }
}
