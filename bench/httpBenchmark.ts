/**
 * HTTP under load (issue 15, item 3), three processes on loopback: `kcr serve` (the real CLI, with
 * a principal configured, so authentication, the request log and metrics are all on), a bare
 * express app answering the same routes with the same bytes (bench/http/bareServer.mjs), and
 * autocannon (bench/http/loadGenerator.mjs), which loads one server at a time, bounded in time.
 * Both servers run on the same shared machine in the same run: the ratio is the figure that
 * compares across machines and runs.
 *
 * Routes: the Kibana-compatible GET of one connector, the list of a space holding 10,000
 * connectors, and POST /api/reconciler/plans of 100 connectors.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openRuntime } from '../src/cli/runtime.js';
import { SecretValue } from '../src/secrets/SecretValue.js';
import { hashSecret } from '../src/security/secretHash.js';
import { connectorDocument } from './generateManifests.js';
import { printRow, timeAsync } from './measure.js';

const run$ = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const LIST_SIZE = Number(process.env.KCR_BENCH_HTTP_LIST ?? 10_000);
const PLAN_SIZE = 100;
const DURATION_S = Number(process.env.KCR_BENCH_HTTP_SECONDS ?? 5);
const WARMUP_S = 1;
const CONNECTIONS = Number(process.env.KCR_BENCH_HTTP_CONNECTIONS ?? 16);
const LIST_SPACE = 'bench-list';
const API_KEY_ID = 'bench';
const API_KEY = 'bench-http-load-key';

interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface Scenario {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers: Record<string, string>;
  target?: string;
}

/** Seeds the store kcr serve will open: one connector in `default`, LIST_SIZE in the list space. */
async function seed(dataDir: string): Promise<string> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: dataDir };
  const runtime = await openRuntime(io, { dataDir });
  try {
    const one = await runtime.target.createConnector('default', undefined, '.index', { name: 'bench-one', config: { index: 'bench-one' }, secrets: new SecretValue({}) });
    for (let i = 0; i < LIST_SIZE; i++) {
      await runtime.target.createConnector(LIST_SPACE, undefined, '.index', { name: `bench-${i}`, config: { index: `bench-${i}`, refresh: i % 2 === 0 }, secrets: new SecretValue({}) });
    }
    return one.id;
  } finally {
    await runtime.close();
  }
}

/** Starts a child and waits for its URL: on stdout for the bare server, in the log file for kcr. */
async function startChild(child: ChildProcess, readUrl: () => string | undefined, what: string): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const url = readUrl();
    if (url) return url;
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before serving`);
    await sleep(100);
  }
  throw new Error(`${what} did not start within 30 s`);
}

async function startKcr(root: string, dataDir: string): Promise<{ child: ChildProcess; url: string; logFile: string }> {
  const configFile = join(root, 'kcr-http.yaml');
  const secretHash = await hashSecret(API_KEY);
  writeFileSync(configFile, [
    'principals:',
    `  - {name: bench, apiKeyId: ${API_KEY_ID}, secretHash: "${secretHash}", privileges: {"*": all}}`,
    // The write rate limit stays on, with a budget the POST load cannot exhaust.
    'server: {writeRateLimit: {burst: 1000000, perSecond: 1000000}}',
    '',
  ].join('\n'));
  const logFile = join(root, 'kcr-serve.log');
  const log = openSync(logFile, 'w');
  // KCR_BENCH_HTTP_PROFILE=<dir>: kcr serve writes a CPU profile there when it stops (bench/profileSummary.mjs reads it).
  const profile = process.env.KCR_BENCH_HTTP_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.KCR_BENCH_HTTP_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, join(REPO, 'bin/kcr.js'), '--config', configFile, '--data-dir', dataDir, 'serve', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', log, log] });
  closeSync(log);
  try {
    const url = await startChild(child, () => /"url":"(http:[^"]+)"[^\n]*kcr is serving/.exec(readFileSync(logFile, 'utf8'))?.[1], 'kcr serve');
    return { child, url, logFile };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

async function startBare(root: string, routes: Array<{ method: string; path: string; status: number; contentType: string; body: Buffer }>): Promise<{ child: ChildProcess; url: string }> {
  const spec = routes.map((route, index) => {
    const bodyFile = join(root, `bare-${index}.body`);
    writeFileSync(bodyFile, route.body);
    return { method: route.method, path: route.path, status: route.status, contentType: route.contentType, bodyFile };
  });
  const specFile = join(root, 'bare-routes.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const child = spawn(process.execPath, [join(REPO, 'bench/http/bareServer.mjs'), specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  try {
    return { child, url: await startChild(child, () => /listening (http:\S+)/.exec(out)?.[1], 'bare server') };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** One autocannon run in its own process. */
async function load(url: string, scenario: Scenario, durationSeconds: number): Promise<LoadResult> {
  const options = { url: `${url}${scenario.path}`, method: scenario.method, headers: scenario.headers, body: scenario.body, connections: CONNECTIONS, durationSeconds };
  const { stdout } = await run$(process.execPath, [join(REPO, 'bench/http/loadGenerator.mjs'), JSON.stringify(options)], { maxBuffer: 1024 * 1024 });
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${scenario.label} at ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

/**
 * CPU time (user + system, ms) a child has used so far, from /proc (Linux; undefined elsewhere).
 * Per request, it is the figure a busy shared machine moves least: throughput also depends on
 * what else the cores are doing.
 */
function cpuMsOf(child: ChildProcess): number | undefined {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times, is 100 on every mainstream kernel. */
const CLOCK_TICKS = 100;

/** A measured run, with the server's CPU time per request when /proc tells it. */
async function measure(server: ChildProcess, url: string, scenario: Scenario): Promise<LoadResult & { cpuUsPerRequest?: number }> {
  const before = cpuMsOf(server);
  const result = await load(url, scenario, DURATION_S);
  const after = cpuMsOf(server);
  return before === undefined || after === undefined ? result : { ...result, cpuUsPerRequest: ((after - before) * 1000) / result.requests };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function planBody(): string {
  const manifests = Array.from({ length: PLAN_SIZE }, (_, i) => JSON.parse(connectorDocument(900 + (i % 10), i)) as unknown);
  return JSON.stringify({ manifests });
}

export async function run(root: string): Promise<void> {
  const dir = join(root, 'http');
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const seeded = await timeAsync(() => seed(dataDir));
  printRow(`HTTP: seed ${LIST_SIZE + 1} connectors (store, not HTTP)`, `${seeded.ms.toFixed(0)} ms`);
  const auth = { authorization: `ApiKey ${Buffer.from(`${API_KEY_ID}:${API_KEY}`).toString('base64')}` };
  const scenarios: Scenario[] = [
    { label: 'GET one connector', method: 'GET', path: `/api/actions/connector/${seeded.result}`, headers: auth },
    { label: `GET list of ${LIST_SIZE}`, method: 'GET', path: `/s/${LIST_SPACE}/api/actions/connectors`, headers: auth },
    {
      label: `POST plan of ${PLAN_SIZE}`, method: 'POST', path: '/api/reconciler/plans?set=bench-http', body: planBody(),
      headers: { ...auth, 'content-type': 'application/json', 'kbn-xsrf': 'bench' },
    },
  ];
  // KCR_BENCH_HTTP_ONLY=list (a word of the label): measure only the matching routes.
  const only = process.env.KCR_BENCH_HTTP_ONLY;
  if (only) scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => s.label.toLowerCase().includes(only.toLowerCase())));
  const kcr = await startKcr(dir, dataDir);
  let bare: { child: ChildProcess; url: string } | undefined;
  try {
    // The bytes kcr answers each route with, for the bare server to answer with.
    const routes = [];
    for (const scenario of scenarios) {
      const response = await fetch(`${kcr.url}${scenario.path}`, { method: scenario.method, headers: scenario.headers, body: scenario.body });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status >= 300) throw new Error(`${scenario.label}: kcr answered ${response.status}: ${body.toString().slice(0, 300)}`);
      routes.push({ method: scenario.method, path: scenario.path.split('?')[0]!, status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body });
    }
    bare = await startBare(dir, routes);
    printRow('HTTP: load', `${CONNECTIONS} connections, ${DURATION_S} s per run (after a ${WARMUP_S} s warm-up), autocannon in its own process`);
    for (const scenario of scenarios) {
      await load(bare.url, scenario, WARMUP_S);
      const baseline = await measure(bare.child, bare.url, scenario);
      await load(kcr.url, scenario, WARMUP_S);
      const measured = await measure(kcr.child, kcr.url, scenario);
      const bytes = routes[scenarios.indexOf(scenario)]!.body.length;
      printRow(`HTTP ${scenario.label} (${(bytes / 1024).toFixed(0)} KiB): bare express`, figures(baseline));
      printRow(`HTTP ${scenario.label}: kcr serve`, figures(measured));
      const cpuRatio = measured.cpuUsPerRequest && baseline.cpuUsPerRequest ? `, CPU per request ${(measured.cpuUsPerRequest / baseline.cpuUsPerRequest).toFixed(1)}x bare's` : '';
      printRow(`HTTP ${scenario.label}: kcr / bare`, `throughput ${(measured.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}x, p50 ${ratio(measured.p50Ms, baseline.p50Ms)}, p99 ${ratio(measured.p99Ms, baseline.p99Ms)}${cpuRatio}`);
    }
  } finally {
    if (bare) await stop(bare.child);
    await stop(kcr.child);
  }
}

function figures(result: LoadResult & { cpuUsPerRequest?: number }): string {
  const cpu = result.cpuUsPerRequest === undefined ? '' : `  CPU ${result.cpuUsPerRequest.toFixed(0)} us/req`;
  return `${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${String(result.p50Ms).padStart(5)} ms  p99 ${String(result.p99Ms).padStart(5)} ms${cpu}`;
}

function ratio(kcr: number, bare: number): string {
  return bare > 0 ? `${(kcr / bare).toFixed(1)}x` : `${kcr} vs ${bare} ms`;
}
