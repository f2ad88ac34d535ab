import { Client } from '@elastic/elasticsearch';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { ES_SCHEMA_VERSION, INDEX_FIELDS, indexNames } from '../../../src/store/elasticsearch/esIndices.js';
import { openElasticsearchStore, type ElasticsearchStore } from '../../../src/store/elasticsearch/ElasticsearchStore.js';
import { describeWithOutsideTool } from '../../helpers/outsideTool.js';
import { kcrRejection } from '../../helpers/kcrRejection.js';
import { inventoryEntry, makeApplyRecord, makeOperation, makeStoredPlan } from '../storeFixtures.js';
import { deleteIndices, elasticsearchTool, sharedClusterUrl, TEST_ENCRYPTION_KEY, uniquePrefix } from './esHarness.js';

describeWithOutsideTool(elasticsearchTool(), 'Elasticsearch store: indices, mappings, schema version, secrets at rest', () => {
  let url: string;
  let client: Client;
  const prefixes: string[] = [];
  const stores: ElasticsearchStore[] = [];

  beforeAll(async () => {
    url = await sharedClusterUrl();
    client = new Client({ node: url });
  }, 600_000);
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const prefix of prefixes.splice(0)) await deleteIndices(url, prefix);
  });
  afterAll(async () => client?.close());

  const open = async (prefix = uniquePrefix(), key = TEST_ENCRYPTION_KEY) => {
    if (!prefixes.includes(prefix)) prefixes.push(prefix);
    const store = await openElasticsearchStore({ nodes: [url], indexPrefix: prefix, encryptionKey: key });
    stores.push(store);
    return store;
  };

  it('creates every index at start-up with a strict mapping, and records the schema version', async () => {
    const store = await open();
    const names = Object.values(indexNames(prefixes[0])).sort();
    expect(names).toEqual(Object.keys(INDEX_FIELDS).map((name) => `${prefixes[0]}-${name}`).sort());
    const mappings = await client.indices.getMapping({ index: `${prefixes[0]}-*` });
    expect(Object.keys(mappings).sort()).toEqual(names);
    for (const name of names) expect(mappings[name].mappings.dynamic, name).toBe('strict');
    const schema = await client.get<{ schema_version: number }>({ index: store.indices.meta, id: 'schema' });
    expect(schema._source?.schema_version).toBe(ES_SCHEMA_VERSION);
    expect(store.migratedFrom).toBeNull();

    // A field kcr does not know is refused, never added to the mapping.
    const refused = await client.index({ index: store.indices.events, document: { '@timestamp': '2026-01-01T00:00:00Z', surprise: 1 } }).catch((error: unknown) => error);
    expect(JSON.stringify((refused as { meta?: { body?: unknown } }).meta?.body)).toContain('strict_dynamic_mapping_exception');
  });

  it('migrates an older store at start-up (missing fields are added) and refuses a newer one', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    // A store as an older kcr left it: version 0, and an inventory index without the `deleted` field.
    const { deleted: _deleted, ...olderInventory } = INDEX_FIELDS.inventory;
    await client.indices.create({ index: `${prefix}-inventory`, mappings: { dynamic: 'strict', properties: olderInventory } });
    await client.indices.create({ index: `${prefix}-meta`, mappings: { dynamic: 'strict', properties: INDEX_FIELDS.meta } });
    await client.index({ index: `${prefix}-meta`, id: 'schema', document: { schema_version: 0 }, refresh: true });

    const store = await open(prefix);
    expect(store.migratedFrom).toBe(0);
    const mapping = await client.indices.getMapping({ index: `${prefix}-inventory` });
    expect(mapping[`${prefix}-inventory`].mappings.properties).toHaveProperty('deleted');
    expect((await client.get<{ schema_version: number }>({ index: `${prefix}-meta`, id: 'schema' }))._source?.schema_version).toBe(ES_SCHEMA_VERSION);
    await store.close();
    stores.length = 0;

    // Reopening finds nothing to migrate.
    expect((await open(prefix)).migratedFrom).toBeNull();

    await client.index({ index: `${prefix}-meta`, id: 'schema', document: { schema_version: ES_SCHEMA_VERSION + 1 }, refresh: true });
    const newer = await kcrRejection(open(prefix));
    expect(newer.code).toBe('STORE_UNAVAILABLE');
    expect(newer.message).toBe(`the Elasticsearch store ${prefix}-meta has schema version ${ES_SCHEMA_VERSION + 1}, newer than this kcr's ${ES_SCHEMA_VERSION}; upgrade kcr`);
  });

  it('keeps no secret in any stored document: connector secrets, plan secrets and cached manifests are ciphertext', async () => {
    const canary = 'canary-7f3e9b1d-secret-value';
    const store = await open();
    await store.embeddedConnectors.insert({
      spaceId: 'ops', id: 'c1', name: 'Hook', connectorTypeId: '.webhook', config: { url: 'https://example.org' }, secrets: new SecretValue({ password: canary }), isMissingSecrets: false,
    });
    await store.embeddedConnectors.replace('ops', 'c1', { name: 'Hook', config: {}, secrets: new SecretValue({ password: `${canary}-2` }) });
    const stored = makeStoredPlan('pln_canary', [makeOperation(0, 'c1', 'ops')], { spaces: ['ops'] });
    await store.savePlan(stored, [new SecretValue({ password: canary })]);
    await store.recordCachedManifests({ added: [{ key: 'file-a', body: `secrets: {password: ${canary}}` }], used: [] });
    await store.beginApply(makeApplyRecord('apl_canary', stored));
    await store.recordOperation('apl_canary', { index: 0, kind: 'create', space_id: 'ops', connector_id: 'c1', name: 'Hook', outcome: 'succeeded' }, {
      inventoryUpsert: inventoryEntry('default', 'ops', 'c1'), bumpSerialOf: 'ops',
    });

    await client.indices.refresh({ index: `${prefixes[0]}-*` });
    const everything = await client.search({ index: `${prefixes[0]}-*`, size: 1000, query: { match_all: {} } });
    expect(everything.hits.hits.length).toBeGreaterThan(6);
    const text = JSON.stringify(everything.hits.hits.map((hit) => hit._source));
    expect(text).not.toContain('canary-7f3e9b1d');
    expect(text).toContain('"secrets_ciphertext":"v1:');
    // ...and they still decrypt with the key.
    expect((await store.embeddedConnectors.get('ops', 'c1'))?.secrets.reveal()).toEqual({ password: `${canary}-2` });
    expect((await store.getPlanSecrets('pln_canary')).map((secret) => secret.reveal())).toEqual([{ password: canary }]);
    expect(await store.getCachedManifest('file-a')).toBe(`secrets: {password: ${canary}}`);

    // Another key is refused at open, before it could write anything under the wrong key.
    const wrongKey = await kcrRejection(open(prefixes[0], 'cd'.repeat(32)));
    expect(wrongKey.code).toBe('STORE_KEY_MISMATCH');
  });

  it('writes events close to ECS, so Kibana Discover shows who did what, where and how it ended', async () => {
    const store = await open();
    await store.appendEvent({
      time: '2026-01-01T00:00:05.000Z', actor: 'alice', action: 'connector.update', outcome: 'failure', space_id: 'ops', connector_id: 'c9',
      remote_address: '127.0.0.1', request_id: 'req-9', origin: 'kibana-api', message: 'update ops/c9 failed', details: { status: 400 },
    });
    await client.indices.refresh({ index: store.indices.events });
    const [hit] = (await client.search({ index: store.indices.events, query: { term: { 'kibana.space_ids': 'ops' } } })).hits.hits;
    expect(hit._source).toMatchObject({
      '@timestamp': '2026-01-01T00:00:05.000Z', message: 'update ops/c9 failed',
      event: { action: 'connector.update', outcome: 'failure', dataset: 'kcr.audit', kind: 'event' },
      user: { name: 'alice' }, kibana: { space_ids: ['ops'] }, source: { address: '127.0.0.1' }, http: { request: { id: 'req-9' } },
      kcr: { connector_id: 'c9', origin: 'kibana-api', details: { status: 400 } },
    });
    // The ECS fields are searchable the way an auditor filters in Discover.
    const byUser = await client.count({ index: store.indices.events, query: { bool: { filter: [{ term: { 'user.name': 'alice' } }, { term: { 'event.outcome': 'failure' } }, { range: { '@timestamp': { gte: '2026-01-01' } } }] } } });
    expect(byUser.count).toBe(1);
  });
});
