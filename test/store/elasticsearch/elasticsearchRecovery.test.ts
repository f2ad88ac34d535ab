import { Client } from '@elastic/elasticsearch';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { OperationRecord } from '../../../src/model/apply.js';
import type { KcrEvent } from '../../../src/model/events.js';
import { openElasticsearchStore, type ElasticsearchStore } from '../../../src/store/elasticsearch/ElasticsearchStore.js';
import { describeWithOutsideTool } from '../../helpers/outsideTool.js';
import { kcrRejection } from '../../helpers/kcrRejection.js';
import { inventoryEntry, makeApplyRecord, makeOperation, makeStoredPlan } from '../storeFixtures.js';
import { deleteIndices, elasticsearchTool, sharedClusterUrl, TEST_ENCRYPTION_KEY, uniquePrefix } from './esHarness.js';

/**
 * An operation's outcome is recorded first, carrying its effects; the effects follow. These
 * tests stop a recording between the two the way a real failure does: Elasticsearch itself
 * refuses the effect's index (a write block, as a full disk or a closed index would), so the
 * outcome is in the store and its effects are not. Recovery must then apply each effect once.
 */
describeWithOutsideTool(elasticsearchTool(), 'Elasticsearch store: outcomes whose effects did not all land are recovered', () => {
  let url: string;
  let client: Client;
  let prefix: string;
  const stores: ElasticsearchStore[] = [];

  beforeAll(async () => {
    url = await sharedClusterUrl();
    client = new Client({ node: url });
  }, 600_000);
  beforeEach(() => {
    prefix = uniquePrefix();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await deleteIndices(url, prefix);
  });
  afterAll(async () => client?.close());

  const open = async () => {
    const store = await openElasticsearchStore({ nodes: [url], indexPrefix: prefix, encryptionKey: TEST_ENCRYPTION_KEY });
    stores.push(store);
    return store;
  };
  const blockWrites = (index: string, blocked: boolean) => client.indices.putSettings({ index, settings: { 'index.blocks.write': blocked } });

  const stored = makeStoredPlan('pln_1', [makeOperation(0, 'c0', 'ops'), makeOperation(1, 'c1', 'ops')], { spaces: ['ops'] });
  const succeeded = (index: number): OperationRecord => ({
    index, kind: 'create', space_id: 'ops', connector_id: `c${index}`, name: `hook c${index}`, outcome: 'succeeded', finished_at: '2026-01-01T00:00:03.000Z',
  });
  const event = (index: number): KcrEvent => ({
    time: '2026-01-01T00:00:03.000Z', actor: 'ci', action: 'connector.create', outcome: 'success', space_id: 'ops', connector_id: `c${index}`,
    apply_id: 'apl_1', origin: 'apply', message: `create ops/c${index} succeeded`,
  });
  const effects = (index: number) => ({ inventoryUpsert: inventoryEntry('default', 'ops', `c${index}`), bumpSerialOf: 'ops', event: event(index) });
  const connectorEvents = async (store: ElasticsearchStore) => (await store.listEvents({ action: 'connector.create' })).items.map((e) => e.connector_id).sort();

  it('re-drives the effects at the next open: each lands once, and a later open finds nothing to do', async () => {
    const writer = await open();
    await writer.savePlan(stored, []);
    await writer.beginApply(makeApplyRecord('apl_1', stored));
    await writer.recordOperation('apl_1', succeeded(0), effects(0));
    expect(await writer.getSerials(['ops'])).toEqual({ ops: 1 });

    await blockWrites(writer.indices.serials, true);
    try {
      const failure = await kcrRejection(writer.recordOperation('apl_1', succeeded(1), effects(1)));
      expect(failure.code).toBe('STORE_UNAVAILABLE');
      expect(failure.message).toMatch(/could not apply the effects of an operation \(serial\): HTTP 403 cluster_block_exception/);
    } finally {
      await blockWrites(writer.indices.serials, false);
    }
    await writer.close();
    stores.length = 0;

    // The outcome of c1 was committed; its serial bump was not (its inventory entry and event were, in the same bulk).
    const recovered = await open();
    expect(recovered.recoveredOperations).toBe(1);
    expect(await recovered.getSerials(['ops'])).toEqual({ ops: 2 });
    expect(await connectorEvents(recovered)).toEqual(['c0', 'c1']);
    expect((await recovered.listInventory({ spaceIds: ['ops'] })).map((entry) => entry.connectorId)).toEqual(['c0', 'c1']);
    expect((await recovered.getApply('apl_1'))?.operations.map((op) => op.outcome)).toEqual(['succeeded', 'succeeded']);

    const again = await open();
    expect(again.recoveredOperations).toBe(0);
    expect(await again.getSerials(['ops'])).toEqual({ ops: 2 });
    expect(await connectorEvents(again)).toEqual(['c0', 'c1']);
  });

  it('completes unfinished effects before an apply is read, so no reader sees an outcome without them', async () => {
    const store = await open();
    await store.savePlan(stored, []);
    await store.beginApply(makeApplyRecord('apl_1', stored));
    await blockWrites(store.indices.events, true);
    try {
      await kcrRejection(store.recordOperation('apl_1', succeeded(0), effects(0)));
    } finally {
      await blockWrites(store.indices.events, false);
    }
    // Serial and inventory landed before the refused event; reading the apply finishes the rest.
    expect(await connectorEvents(store)).toEqual([]);
    const apply = await store.getApply('apl_1');
    expect(apply?.operations[0].outcome).toBe('succeeded');
    expect(await connectorEvents(store)).toEqual(['c0']);
    expect(await store.getSerials(['ops'])).toEqual({ ops: 1 });
    expect((await store.listRunningApplies()).map((record) => record.apply_id)).toEqual(['apl_1']);
    expect(await store.recover()).toBe(0);
    expect(await store.getSerials(['ops'])).toEqual({ ops: 1 });
  });

  it('never lets a replay of an older effect undo a newer one', async () => {
    const store = await open();
    await store.savePlan(stored, []);
    await store.beginApply(makeApplyRecord('apl_1', stored));
    // c0 is recorded for set infra, then moved to set apps by a later recording of the same operation.
    await store.recordOperation('apl_1', succeeded(0), { inventoryUpsert: inventoryEntry('infra', 'ops', 'c0') });
    await store.recordOperation('apl_1', succeeded(0), { inventoryUpsert: inventoryEntry('apps', 'ops', 'c0') });
    // Replaying the first (older external version) is refused by Elasticsearch and changes nothing.
    const older = await client.index({ index: store.indices.inventory, id: 'ops/c0', version: 1, version_type: 'external', document: {} }).catch((error: unknown) => error);
    expect(JSON.stringify((older as { meta?: { body?: unknown } }).meta?.body)).toContain('version_conflict_engine_exception');
    expect((await store.listInventory({ spaceIds: ['ops'] })).map((entry) => `${entry.set}:${entry.connectorId}`)).toEqual(['apps:c0']);
  });
});
