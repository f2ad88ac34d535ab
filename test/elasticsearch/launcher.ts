import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutsideTool } from '../helpers/outsideTool.js';

/**
 * The Java side of kcr's test Elasticsearch: test/elasticsearch/pom.xml resolves Elasticsearch's server
 * and HTTP transport from Maven Central (cached in ~/.m2) and compiles the launcher main
 * (kcr.elasticsearch.LaunchNode). `mvn compile` writes the jars of the classpath to target/classpath.txt.
 */
export const LAUNCHER_DIR = dirname(fileURLToPath(import.meta.url));
const TARGET_DIR = join(LAUNCHER_DIR, 'target');
const CLASSPATH_FILE = join(TARGET_DIR, 'classpath.txt');
const CLASSES_DIR = join(TARGET_DIR, 'classes');
const MAIN_CLASS_FILE = join(CLASSES_DIR, 'kcr', 'elasticsearch', 'LaunchNode.class');
/** Touched after each successful build: Maven leaves an unchanged classpath.txt with its old time. */
const BUILD_STAMP = join(TARGET_DIR, 'launcher.stamp');
const BUILD_LOCK = join(TARGET_DIR, '.build-lock');

export const LAUNCHER_MAIN_CLASS = 'kcr.elasticsearch.LaunchNode';
export const BUILD_COMMAND = 'npm run elasticsearch:build';

/** The java binary nodes run on: $JAVA_HOME/bin/java when set, else java on PATH. */
export function javaBinary(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function commandWorks(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}

/** Newest modification time of the launcher's sources (pom.xml and src/), to tell a stale build. */
function newestSourceTime(): number {
  let newest = statSync(join(LAUNCHER_DIR, 'pom.xml')).mtimeMs;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(LAUNCHER_DIR, 'src'));
  return newest;
}

/** The launch classpath when the build is there, complete (every jar still in ~/.m2) and newer than its sources. */
function builtClasspath(): string | null {
  if (!existsSync(CLASSPATH_FILE) || !existsSync(MAIN_CLASS_FILE) || !existsSync(BUILD_STAMP)) return null;
  if (statSync(BUILD_STAMP).mtimeMs < newestSourceTime()) return null;
  const jars = readFileSync(CLASSPATH_FILE, 'utf8').trim().split(':').filter(Boolean);
  if (jars.length === 0 || !jars.every((jar) => existsSync(jar))) return null;
  return [CLASSES_DIR, ...jars].join(':');
}

/**
 * null when a real Elasticsearch can be started here; otherwise why not (for describeWithOutsideTool).
 * A missing build is not a reason when Maven is there: the first start builds it (from ~/.m2, or Maven Central).
 */
export function elasticsearchMissingBecause(): string | null {
  if (!commandWorks(javaBinary(), ['-version'])) return `Java 17+ is not installed (${javaBinary()} -version failed)`;
  if (builtClasspath() !== null) return null;
  if (!commandWorks('mvn', ['-v'])) return `Maven (mvn) is not installed and the launcher is not built (${CLASSPATH_FILE} is missing)`;
  return null;
}

/** The OutsideTool description every Elasticsearch suite passes to describeWithOutsideTool. */
export function elasticsearchAvailability(): OutsideTool {
  return {
    needs: 'a real Elasticsearch (Java 17 + Maven, jars from Maven Central)',
    missingBecause: elasticsearchMissingBecause(),
    enableWith: BUILD_COMMAND,
  };
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One build at a time across processes (vitest workers, the setup script): a directory as lock. */
function withBuildLock<T>(body: () => T): T {
  const deadline = Date.now() + 10 * 60_000;
  mkdirSync(TARGET_DIR, { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`another build of ${LAUNCHER_DIR} holds ${BUILD_LOCK} for over 10 minutes`);
      sleepSync(500);
    }
  }
  try {
    return body();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/**
 * The classpath of the launcher, building it first when needed: `mvn -o` (offline, from ~/.m2) first,
 * then with Maven Central when something is not cached yet. Throws with Maven's output when both fail.
 */
export function launcherClasspath(): string {
  const ready = builtClasspath();
  if (ready !== null) return ready;
  return withBuildLock(() => {
    const builtMeanwhile = builtClasspath();
    if (builtMeanwhile !== null) return builtMeanwhile;
    const attempts: string[] = [];
    for (const args of [['-B', '-q', '-o', 'compile'], ['-B', '-q', 'compile']]) {
      try {
        execFileSync('mvn', args, { cwd: LAUNCHER_DIR, stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 });
        writeFileSync(BUILD_STAMP, `${new Date().toISOString()} mvn ${args.join(' ')}\n`);
        const built = builtClasspath();
        if (built !== null) return built;
        attempts.push(`mvn ${args.join(' ')}: finished without ${CLASSPATH_FILE}`);
      } catch (error) {
        const output = error as { stdout?: Buffer; stderr?: Buffer; message: string };
        const text = `${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`.trim() || output.message;
        attempts.push(`mvn ${args.join(' ')} (in ${LAUNCHER_DIR}) failed:\n${text.split('\n').slice(-15).join('\n')}`);
      }
    }
    throw new Error(`Could not build the Elasticsearch test launcher.\n${attempts.join('\n')}`);
  });
}
