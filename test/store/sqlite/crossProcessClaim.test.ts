import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStoredPlan, sqliteHarness } from '../storeFixtures.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./claimPlansChild.ts', import.meta.url));

describe('plan claims across processes (CLI and server on one file)', () => {
  let harness: Awaited<ReturnType<typeof sqliteHarness>>;
  beforeEach(async () => {
    harness = await sqliteHarness();
  });
  afterEach(async () => harness.cleanup());

  it('gives every plan to exactly one of two racing processes', async () => {
    const store = await harness.open();
    const planIds = Array.from({ length: 200 }, (_, i) => `pln_${i}`);
    for (const id of planIds) await store.savePlan(makeStoredPlan(id), []);
    await store.close();

    const startAt = String(Date.now() + 4000);
    // Opposite orders: the two processes meet in the middle and fight over the same plans there.
    const orders = { a: planIds, b: [...planIds].reverse() };
    const race = Object.entries(orders).map(([who, ids]) => run(process.execPath, ['--import', 'tsx', child, harness.dataDir, who, startAt, ...ids], { cwd: process.cwd() }));
    const results = (await Promise.all(race)).map(({ stdout }) => JSON.parse(stdout) as { won: string[]; lost: Record<string, string> });

    const winners = results.flatMap((r) => r.won).sort();
    expect(winners).toEqual([...planIds].sort());
    for (const result of results) expect(Object.values(result.lost).filter((code) => code !== 'PLAN_ALREADY_APPLIED')).toEqual([]);

    const check = await harness.open();
    for (const id of planIds) expect((await check.listApplies({ planId: id })).total).toBe(1);
  }, 60_000);
});
