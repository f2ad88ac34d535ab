import { afterAll, beforeAll } from 'vitest';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { deletePooledPrefixes, elasticsearchHarness, elasticsearchTool, sharedClusterUrl } from './elasticsearch/esHarness.js';
import { sqliteHarness, type StoreHarness } from './storeFixtures.js';

/**
 * Every Store implementation the contract suites run over (`describe.each`). The Elasticsearch
 * row runs against a real cluster (test/store/elasticsearch/esHarness.ts), each harness with an
 * index prefix of its own; where none can run, each suite prints one skip line instead (a
 * failure under KCR_REQUIRE_OUTSIDE_TOOLS=1). Only test files import this module: it registers
 * vitest hooks (storeFixtures.ts stays free of them, for child processes).
 */
export const STORE_IMPLEMENTATIONS: Array<[string, () => Promise<StoreHarness>]> = [['sqlite', () => sqliteHarness()]];

const elasticsearch = elasticsearchTool();
if (elasticsearch.missingBecause === null) {
  STORE_IMPLEMENTATIONS.push(['elasticsearch', () => elasticsearchHarness()]);
  // The run's shared node may still be starting (a minute on a busy machine): wait for it once per file, not in a 60 s beforeEach.
  beforeAll(() => sharedClusterUrl(), 600_000);
  afterAll(() => deletePooledPrefixes());
} else {
  describeWithOutsideTool(elasticsearch, 'Store contract (elasticsearch)', () => undefined);
}
