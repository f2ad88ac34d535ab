import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { javaBinary, LAUNCHER_MAIN_CLASS, launcherClasspath } from './launcher.js';

export { elasticsearchAvailability, elasticsearchMissingBecause } from './launcher.js';

/**
 * A real Elasticsearch cluster for tests: one JVM per node (test/elasticsearch/src/main/java), loopback
 * only, security off, temporary data directories, disk watermarks off. Every node is closed (and its
 * data deleted) when this process exits, and a node also closes by itself when its stdin ends (this
 * process is gone, even killed).
 */
export interface ElasticsearchClusterOptions {
  /** Number of nodes (1 = discovery.type single-node, more = a cluster bootstrapped from all of them). Default 1. */
  nodes?: number;
  /** Java heap per node in MiB. Default 512. */
  heapMb?: number;
  /** Milliseconds to wait for every node to start and the cluster to reach its health. Default 180000. */
  startTimeoutMs?: number;
  /**
   * 'startup' (default) runs the JIT's first tier only: a node starts on half the CPU, right for tests on
   * 2 cores. 'throughput' runs the full JIT, for benchmarks.
   */
  optimizeFor?: 'startup' | 'throughput';
  /** Extra node settings, e.g. { 'thread_pool.write.queue_size': '2000' }. */
  settings?: Record<string, string>;
  /** Where a node's log lines go (stderr of the JVM, warnings and lifecycle). Default: kept for error messages only. */
  onLog?: (nodeIndex: number, line: string) => void;
  /** Print "Elasticsearch <version>: N node(s) at <urls>" on stdout once up. Default true. */
  announce?: boolean;
}

export interface ElasticsearchCluster {
  /** http://127.0.0.1:<port> of each node, in node order (a stopped node keeps its place). */
  readonly urls: readonly string[];
  /** The Elasticsearch version every node runs, e.g. "8.19.21". */
  readonly version: string;
  readonly clusterName: string;
  /** URLs of the nodes still running. */
  runningUrls(): string[];
  /** Stops one node: killed (SIGKILL, a crash) by default, or closed cleanly with { graceful: true }. */
  stopNode(index: number, options?: { graceful?: boolean }): Promise<void>;
  /** Stops every node and removes the data directories. Safe to call twice. */
  stop(): Promise<void>;
}

interface RunningNode {
  index: number;
  name: string;
  process: ChildProcess;
  exited: Promise<void>;
  logTail: string[];
}

interface NodeReady {
  name: string;
  version: string;
  http: string;
  transport: string;
}

const READY_PREFIX = 'KCR_ELASTICSEARCH_NODE ';
const LOG_TAIL_LINES = 60;
const liveProcesses = new Set<ChildProcess>();

// On exit there is no time to wait: each node closes on SIGTERM and deletes its own data directory.
process.once('exit', () => {
  for (const child of liveProcesses) child.kill('SIGTERM');
});

/** A loopback port nobody listens on right now (for transport ports, which seed hosts must name up front). */
async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function jvmArguments(heapMb: number, optimizeFor: 'startup' | 'throughput', home: string, classpath: string): string[] {
  return [
    `-Xms${heapMb}m`, `-Xmx${heapMb}m`, ...(optimizeFor === 'startup' ? ['-XX:TieredStopAtLevel=1'] : []), '-XX:+UseSerialGC', '-Xss1m', '-XX:+ExitOnOutOfMemoryError',
    '-Dkcr.deleteHomeOnExit=true', '-Dfile.encoding=UTF-8', '-Djava.awt.headless=true', `-Djava.io.tmpdir=${join(home, 'tmp')}`,
    '-Dlog4j2.formatMsgNoLookups=true', '-Dlog4j2.disable.jmx=true', '-Dlog4j.shutdownHookEnabled=false',
    '-Dio.netty.noUnsafe=true', '-Dio.netty.noKeySetOptimization=true', '-Dio.netty.recycler.maxCapacityPerThread=0',
    '-cp', classpath, LAUNCHER_MAIN_CLASS,
  ];
}

function startNode(index: number, home: string, jvm: string[], settings: Record<string, string>,
  onLog: ElasticsearchClusterOptions['onLog']): { node: RunningNode; ready: Promise<NodeReady> } {
  mkdirSync(join(home, 'tmp'), { recursive: true });
  const args = [...jvm, ...Object.entries(settings).map(([key, value]) => `-E${key}=${value}`)];
  const child = spawn(javaBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  liveProcesses.add(child);
  const logTail: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    liveProcesses.delete(child);
    resolve();
  }));
  child.stdin!.on('error', () => undefined);
  child.stderr!.setEncoding('utf8');
  let partial = '';
  child.stderr!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      logTail.push(line);
      if (logTail.length > LOG_TAIL_LINES) logTail.shift();
      onLog?.(index, line);
    }
  });
  const ready = new Promise<NodeReady>((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(READY_PREFIX));
      if (line) resolve(JSON.parse(line.slice(READY_PREFIX.length)) as NodeReady);
    });
    child.once('error', (error) => reject(new Error(`could not run ${javaBinary()}: ${error.message}`)));
    child.once('exit', (code, signal) => reject(new Error(
      `Elasticsearch node ${settings['node.name']} exited (${signal ?? `code ${code}`}) before it started:\n${logTail.join('\n')}`)));
  });
  return { node: { index, name: settings['node.name'], process: child, exited, logTail }, ready };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the cluster has all its nodes and the wanted status (health API, long-polled). */
async function waitForHealth(url: string, nodes: number, status: 'green' | 'yellow', deadline: number): Promise<void> {
  for (;;) {
    const remainingSeconds = Math.max(1, Math.floor((deadline - Date.now()) / 1000));
    const response = await fetch(`${url}/_cluster/health?wait_for_status=${status}&wait_for_nodes=${nodes}&timeout=${Math.min(remainingSeconds, 30)}s`);
    const health = (await response.json()) as { status?: string; number_of_nodes?: number; timed_out?: boolean };
    if (response.ok && health.timed_out === false) return;
    if (Date.now() >= deadline) {
      throw new Error(`cluster at ${url} did not reach ${status} with ${nodes} node(s): ${JSON.stringify(health)}`);
    }
  }
}

async function stopProcess(node: RunningNode, graceful: boolean): Promise<void> {
  if (node.process.exitCode !== null || node.process.signalCode !== null) return;
  node.process.kill(graceful ? 'SIGTERM' : 'SIGKILL');
  const killLater = setTimeout(() => node.process.kill('SIGKILL'), 30_000);
  await node.exited;
  clearTimeout(killLater);
}

/** Starts a real Elasticsearch cluster of `nodes` nodes on free loopback ports and waits for its health. */
export async function startElasticsearchCluster(options: ElasticsearchClusterOptions = {}): Promise<ElasticsearchCluster> {
  const count = options.nodes ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 9) throw new Error(`nodes must be an integer from 1 to 9, got ${count}`);
  const heapMb = options.heapMb ?? 512;
  const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
  const classpath = launcherClasspath();
  const clusterName = `kcr-test-${randomBytes(4).toString('hex')}`;
  const dataRoot = mkdtempSync(join(tmpdir(), 'kcr-elasticsearch-'));

  const names = Array.from({ length: count }, (_, i) => `${clusterName}-node-${i}`);
  const transportPorts = count === 1 ? [0] : await Promise.all(names.map(() => freeLoopbackPort()));
  const discovery: Record<string, string> = count === 1
    ? { 'discovery.type': 'single-node' }
    : {
      'discovery.seed_hosts': transportPorts.map((port) => `127.0.0.1:${port}`).join(','),
      'cluster.initial_master_nodes': names.join(','),
    };
  const optimizeFor = options.optimizeFor ?? 'startup';
  const started = names.map((name, index) => startNode(index, join(dataRoot, name), jvmArguments(heapMb, optimizeFor, join(dataRoot, name), classpath), {
    'cluster.name': clusterName,
    'node.name': name,
    'path.home': join(dataRoot, name),
    'network.host': '127.0.0.1',
    'http.port': '0',
    'transport.port': String(transportPorts[index]),
    'discovery.initial_state_timeout': '0s',
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
    'indices.breaker.total.use_real_memory': 'false',
    'action.destructive_requires_name': 'false',
    ...discovery,
    ...options.settings,
  }, options.onLog));
  const nodes = started.map((entry) => entry.node);

  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => stopProcess(node, false)));
    rmSync(dataRoot, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const readies = await withTimeout(Promise.all(started.map((entry) => entry.ready)), deadline - Date.now(),
      () => `Elasticsearch nodes did not start in time:\n${nodes.map((node) => `[${node.name}]\n${node.logTail.join('\n')}`).join('\n')}`);
    const urls = readies.map((ready) => `http://${ready.http}`);
    await waitForHealth(urls[0], count, count === 1 ? 'yellow' : 'green', deadline);
    const version = readies[0].version;
    if (options.announce !== false) {
      process.stdout.write(`Elasticsearch ${version}: ${count} node(s) at ${urls.join(' ')}\n`);
    }
    return {
      urls,
      version,
      clusterName,
      runningUrls: () => nodes.filter((node) => node.process.exitCode === null && node.process.signalCode === null).map((node) => urls[node.index]),
      async stopNode(index, stopOptions = {}) {
        const node = nodes[index];
        if (!node) throw new Error(`no node ${index}: the cluster has nodes 0 to ${count - 1}`);
        await stopProcess(node, stopOptions.graceful === true);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
