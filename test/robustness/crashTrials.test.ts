import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../targets/kibana/faultProxy.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import type { TrialEstate } from './crash/crashInvariants.js';
import { CRASH_STORES } from './crash/crashStores.js';
import { cliTrial, httpTrial, type ApplyPath, type TrialResult } from './crash/crashTrial.js';

/*
 * SIGKILL at random points of a large apply, through the real binary (`kcr apply`) and over
 * HTTP (`kcr serve` killed under its own apply), on every store. After each kill: the store
 * opens and passes its integrity check; every operation is either recorded with its effects
 * (the connector and the inventory at the new version) or not at all; after recovery nothing
 * is pending; the re-plan holds exactly what is left; re-plan + apply converges with no
 * duplicate connector. Trial k moves the estate from version k-1 to k (creates, then updates).
 *
 * Short (npm test): 3 trials of 300 operations per path (Elasticsearch: 1 of 200). Long:
 * KCR_CRASH_TRIALS_LONG=1 (20 trials of 5,000 operations); figures in the README.
 */

const LONG = process.env.KCR_CRASH_TRIALS_LONG === '1';
/** KCR_CRASH_TRIALS_OPS / KCR_CRASH_TRIALS_COUNT change the long variant's size (e.g. for a slower store). */
const LONG_OPS = Number(process.env.KCR_CRASH_TRIALS_OPS ?? 5_000);
const LONG_TRIALS = Number(process.env.KCR_CRASH_TRIALS_COUNT ?? 20);
const ESTATE: TrialEstate = LONG ? { spaces: 10, count: LONG_OPS, set: 'crash' } : { spaces: 4, count: 300, set: 'crash' };
const PATHS: ApplyPath[] = ['kcr apply', 'HTTP apply'];

for (const store of CRASH_STORES) {
  const estate: TrialEstate = { ...ESTATE, count: LONG ? ESTATE.count : store.short?.count ?? ESTATE.count };
  const TRIALS = LONG ? LONG_TRIALS : store.short?.trials ?? 3;
  describeWithOutsideTool(store.tool, `SIGKILL during applies on the ${store.name} store`, () => {
    let stopStore: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      stopStore = await store.prepare?.();
    }, 300_000);
    afterAll(async () => stopStore?.());

    describe.each(PATHS)('through %s', (path) => {
      let dir = '';
      beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), `kcr-crash-${store.name}-`));
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));
      const random = seededRandom(path === 'kcr apply' ? 61 : 62);
      const results: TrialResult[] = [];

      it(`survives ${TRIALS} kills at random points of ${estate.count}-operation applies`, async () => {
        // Written here, once prepare() has said where the store is. The body limit fits 5,000 manifests in one JSON body.
        writeFileSync(join(dir, 'kcr.yaml'), `${store.configYaml(dir)}\nserver: {bodyLimit: 64mb}\n`);
        for (let version = 1; version <= TRIALS; version++) {
          // Anywhere from before the first operation to 80% of them: progress is polled, so a kill
          // aimed near the end of a short apply (or on a slower store) would often land after it.
          const killAt = Math.floor(random() * estate.count * 0.8);
          const trial = path === 'kcr apply' ? cliTrial : httpTrial;
          const result = await trial(store, dir, estate, version, killAt);
          results.push(result);
          const where = `trial ${version} (${path}, kill at ${killAt}, ${result.recordedAtKill} recorded)`;
          expect(result.integrity, where).toBe('');
          expect(result.afterKill.violations, where).toEqual([]);
          expect(result.afterRecovery.violations, where).toEqual([]);
          expect(result.afterRecovery.outcomes.pending ?? 0, where).toBe(0);
          expect(['interrupted', 'succeeded', null], where).toContain(result.afterRecovery.applyStatus);
          // The re-plan holds exactly the connectors the killed apply did not bring to the new version.
          expect(result.replanned, where).toBe(estate.count - result.afterRecovery.atNewVersion);
          expect(result.converged, where).toBe(true);
          expect(result.final.violations, where).toEqual([]);
          expect(result.final.atNewVersion, where).toBe(estate.count);
        }
        // Most kills landed in the middle of an apply, not before or after it.
        const midway = results.filter((r) => r.afterRecovery.atNewVersion > 0 && r.afterRecovery.atNewVersion < estate.count);
        expect(midway.length).toBeGreaterThanOrEqual(Math.floor(TRIALS / 2));
        process.stdout.write(`crash trials, ${store.name}, ${path}: ${results.map((r) => `${r.afterRecovery.atNewVersion}/${estate.count}`).join(' ')} applied when killed; ${results.filter((r) => (r.afterKill.outcomes.pending ?? 0) > 0).length} kill(s) left operations in flight\n`);
      }, LONG ? 3_600_000 : 120_000);
    });
  });
}
