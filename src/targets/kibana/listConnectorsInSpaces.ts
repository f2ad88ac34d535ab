import type { ActualConnector } from '../../model/connector.js';
import type { Target } from '../Target.js';

/**
 * Lists the connectors of every given space, one list call per space, with at most
 * `concurrency` calls in flight, so a plan over 100 spaces neither serialises nor floods Kibana.
 * The map keeps the order of `spaceIds`; the first failure rejects the whole read.
 */
export async function listConnectorsInSpaces(target: Target, spaceIds: readonly string[], concurrency: number): Promise<Map<string, ActualConnector[]>> {
  const unique = [...new Set(spaceIds)];
  const results: ActualConnector[][] = new Array(unique.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const index = next++;
      results[index] = await target.listConnectors(unique[index]);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, unique.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return new Map(unique.map((spaceId, index) => [spaceId, results[index]]));
}
