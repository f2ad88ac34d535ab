/**
 * `npm run bench [-- section...]`: kcr's performance figures, each with ratios against a baseline
 * measured in the same run (so the figures compare across machines and across a busy machine's
 * moods). Sections, in order (all by default; name some to run only those):
 *
 *  scaling  whole `kcr` processes at 1,000 / 10,000 (/ 100,000 with KCR_BENCH_LARGE=1) connectors:
 *           validate+plan, apply, no-op re-plan with and without the parse cache vs the parse floor,
 *           peak RSS, growth per 10x (scalingBenchmark.ts)
 *  core     in one process: the same phases at KCR_BENCH_CONNECTORS over KCR_BENCH_SPACES, plus a
 *           re-plan with 1% changed (coreBenchmark.ts)
 *  http     kcr serve, a bare express route and autocannon in three processes (httpBenchmark.ts)
 *  kibana   the kibana target against a served kcr (kibanaTargetBenchmark.ts)
 *
 * bench/README.md lists every variable and the last figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeBenchStores } from './benchStores.js';
import { runCoreBenchmark } from './coreBenchmark.js';
// Adds the Elasticsearch store's column to the scaling table (skipped, with the reason, where no cluster can run).
import './elasticsearchBench.js';
import { generateManifests } from './generateManifests.js';
import { printRow } from './measure.js';

const TOTAL = Number(process.env.KCR_BENCH_CONNECTORS ?? 10_000);
const SPACES = Number(process.env.KCR_BENCH_SPACES ?? 100);
const SECTIONS = ['scaling', 'core', 'http', 'kibana'] as const;
type Section = (typeof SECTIONS)[number];

async function runSection(section: Section, root: string): Promise<void> {
  const dir = join(root, section);
  if (section === 'core') {
    console.log(`\nIn one process: ${TOTAL} connectors across ${SPACES} spaces`);
    const generated = generateManifests(join(dir, 'manifests'), TOTAL, SPACES);
    await runCoreBenchmark({ root: dir, generated });
    printRow('peak RSS of the bench process so far', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    return;
  }
  const modules = { scaling: './scalingBenchmark.js', http: './httpBenchmark.js', kibana: './kibanaTargetBenchmark.js' } as const;
  const module = (await import(modules[section])) as { run: (root: string) => Promise<void> };
  console.log(section === 'http' ? '\nHTTP under load' : section === 'kibana' ? '\nThe kibana target' : '');
  await module.run(dir);
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = asked.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown bench section(s) ${unknown.join(', ')}; expected some of ${SECTIONS.join(', ')}`);
  const sections = asked.length > 0 ? (asked as Section[]) : [...SECTIONS];
  const root = mkdtempSync(join(tmpdir(), 'kcr-bench-'));
  try {
    console.log(`kcr benchmark (Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}): ${sections.join(', ')}`);
    for (const section of sections) await runSection(section, root);
  } finally {
    await closeBenchStores();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
