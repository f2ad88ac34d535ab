import type { ActualConnector } from '../model/connector.js';
import type { Target } from '../targets/Target.js';

/**
 * Reads every connector of the given spaces: one list call per space (never one GET per
 * connector, the way Terraform refreshes), at most `concurrency` calls at once: by default the
 * target's own bound (the kibana target's pool size), else 8.
 */
export async function readActualState(target: Target, spaceIds: string[], concurrency = target.concurrency ?? 8): Promise<ActualConnector[]> {
  const results: ActualConnector[][] = new Array(spaceIds.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < spaceIds.length) {
      const index = next++;
      results[index] = await target.listConnectors(spaceIds[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, spaceIds.length) }, worker));
  return results.flat();
}
