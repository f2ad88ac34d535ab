/**
 * Child process of the cross-process claim test: opens the store in argv[2] and, from the time in
 * argv[4], tries to claim every plan listed in argv[5..] for itself, printing one JSON line of what it won and lost.
 */
import { openSqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { makeApplyRecord, makeStoredPlan } from '../storeFixtures.js';

const [dataDir, who, startAt, ...planIds] = process.argv.slice(2);
const store = await openSqliteStore({ dataDir });
// Both children start claiming at the same moment, so their claims really interleave.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const won: string[] = [];
const lost: Record<string, string> = {};
for (const planId of planIds) {
  try {
    await store.beginApply(makeApplyRecord(`apl_${who}_${planId}`, makeStoredPlan(planId)));
    won.push(planId);
  } catch (error) {
    lost[planId] = (error as { code?: string }).code ?? String(error);
  }
}
await store.close();
process.stdout.write(`${JSON.stringify({ won, lost })}\n`);
