/**
 * `npm run bench`: kcr's performance figures, each measured once in this process, with ratios
 * against baselines measured in the same run (so the figures compare on any machine).
 *
 *  1. validate + plan of 10,000 connectors across 100 spaces against an empty embedded store
 *  2. apply of all 10,000 creates
 *  3. a no-op re-plan, with every file parsed and with the parse cache, each with its ratio to
 *     merely parsing the same YAML files (the floor)
 *  4. a re-plan with 1% of the connectors changed
 *  5. peak RSS
 * Further sections (HTTP throughput, the kibana target) are appended by their own modules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCoreBenchmark } from './coreBenchmark.js';
import { generateManifests } from './generateManifests.js';
import { printRow } from './measure.js';

const TOTAL = Number(process.env.KCR_BENCH_CONNECTORS ?? 10_000);
const SPACES = Number(process.env.KCR_BENCH_SPACES ?? 100);

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kcr-bench-'));
  try {
    console.log(`kcr benchmark: ${TOTAL} connectors across ${SPACES} spaces (Node ${process.version}, ${process.platform}/${process.arch})`);
    const generated = generateManifests(join(root, 'manifests'), TOTAL, SPACES);
    await runCoreBenchmark({ root, generated });
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    printRow('peak RSS', `${peakRssMb.toFixed(0)} MB`);
    const extra = process.argv.slice(2);
    if (!extra.includes('--core-only')) {
      for (const section of ['./httpBenchmark.js', './kibanaTargetBenchmark.js']) {
        try {
          const module = (await import(section)) as { run: (root: string) => Promise<void> };
          await module.run(root);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') continue;
          throw error;
        }
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
