import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../src/secrets/SecretValue.js';
import type { Store } from '../../src/store/Store.js';
import { makeOperation, makeStoredPlan, type StoreHarness } from './storeFixtures.js';
import { STORE_IMPLEMENTATIONS } from './storeImplementations.js';


describe.each(STORE_IMPLEMENTATIONS)('Store contract (%s): embedded connectors, serials, plans', (_name, createHarness) => {
  let harness: StoreHarness;
  let store: Store;

  beforeEach(async () => {
    harness = await createHarness();
    store = await harness.open();
  });
  afterEach(async () => harness.cleanup());

  const connector = (spaceId: string, id: string, secrets = { token: 's3cret' }) => ({
    spaceId, id, name: `Hook ${id}`, connectorTypeId: '.webhook', config: { url: 'https://example.org', method: 'post' },
    secrets: new SecretValue(secrets), isMissingSecrets: false,
  });

  it('stores a connector and gives back its config, decrypted secrets and fingerprint', async () => {
    const created = await store.embeddedConnectors.insert(connector('ops', 'a'));
    const read = await store.embeddedConnectors.get('ops', 'a');
    expect(read).toMatchObject({ spaceId: 'ops', id: 'a', name: 'Hook a', config: { url: 'https://example.org', method: 'post' }, isMissingSecrets: false });
    expect(read?.secrets.reveal()).toEqual({ token: 's3cret' });
    expect(read?.secretsFingerprint).toBe(created.secretsFingerprint);
    expect(read?.secretsFingerprint).toBe(store.fingerprintSecrets(new SecretValue({ token: 's3cret' })));
    expect(await store.embeddedConnectors.count()).toBe(1);
  });

  it('refuses an id that exists in any space, like Kibana', async () => {
    await store.embeddedConnectors.insert(connector('ops', 'shared'));
    await expect(store.embeddedConnectors.insert(connector('default', 'shared'))).rejects.toMatchObject({ code: 'CONNECTOR_CONFLICT' });
    expect(await store.embeddedConnectors.findSpaceOf('shared')).toBe('ops');
    expect(await store.embeddedConnectors.findSpaceOf('nope')).toBeNull();
    expect(await store.embeddedConnectors.get('default', 'shared')).toBeNull();
  });

  it('lists a space by name, replaces and deletes', async () => {
    await store.embeddedConnectors.insert({ ...connector('ops', 'b'), name: 'Zulu' });
    await store.embeddedConnectors.insert({ ...connector('ops', 'a'), name: 'Alpha' });
    await store.embeddedConnectors.insert(connector('other', 'c'));
    expect((await store.embeddedConnectors.list('ops')).map((row) => row.name)).toEqual(['Alpha', 'Zulu']);

    const replaced = await store.embeddedConnectors.replace('ops', 'b', { name: 'Bravo', config: { url: 'https://b.example' }, secrets: new SecretValue({ token: 'new' }) });
    expect(replaced).toMatchObject({ name: 'Bravo', config: { url: 'https://b.example' }, isMissingSecrets: false });
    expect((await store.embeddedConnectors.get('ops', 'b'))?.secrets.reveal()).toEqual({ token: 'new' });
    expect(replaced.secretsFingerprint).not.toBe(store.fingerprintSecrets(new SecretValue({ token: 's3cret' })));

    await expect(store.embeddedConnectors.replace('ops', 'c', { name: 'x', config: {}, secrets: new SecretValue({}) })).rejects.toMatchObject({ code: 'CONNECTOR_NOT_FOUND' });
    expect(await store.embeddedConnectors.delete('ops', 'b')).toBe(true);
    expect(await store.embeddedConnectors.delete('ops', 'b')).toBe(false);
    expect(await store.embeddedConnectors.count()).toBe(2);
  });

  it('fingerprints ignore key order and differ for different secrets', () => {
    const a = store.fingerprintSecrets(new SecretValue({ user: 'u', password: 'p' }));
    expect(a).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(store.fingerprintSecrets(new SecretValue({ password: 'p', user: 'u' }))).toBe(a);
    expect(store.fingerprintSecrets(new SecretValue({ user: 'u', password: 'q' }))).not.toBe(a);
  });

  it('keeps a serial per space, starting at 0', async () => {
    expect(await store.getSerials(['default', 'ops'])).toEqual({ default: 0, ops: 0 });
    expect(await store.bumpSerial('ops')).toBe(1);
    expect(await store.bumpSerial('ops')).toBe(2);
    expect(await store.getSerials(['default', 'ops'])).toEqual({ default: 0, ops: 2 });
  });

  it('round-trips a plan with its operations and its secrets payload', async () => {
    const stored = makeStoredPlan('pln_1', [makeOperation(0, 'c0'), makeOperation(1, 'c1', 'ops')], { spaces: ['default', 'ops'] });
    await store.savePlan(stored, [new SecretValue({ token: 'one' }), new SecretValue({ token: 'two' })]);
    expect(await store.getPlan('pln_1')).toEqual(stored);
    expect((await store.getPlanSecrets('pln_1')).map((s) => s.reveal())).toEqual([{ token: 'one' }, { token: 'two' }]);
    expect(await store.getPlan('pln_missing')).toBeNull();
    await expect(store.getPlanSecrets('pln_missing')).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND' });
  });

  it('lists plans newest first with filters, pagination and a total', async () => {
    const plans = [
      makeStoredPlan('pln_a', undefined, { created_at: '2026-01-01T00:00:00.000Z', set: 'infra', spaces: ['default'] }),
      makeStoredPlan('pln_b', undefined, { created_at: '2026-01-02T00:00:00.000Z', set: 'infra', spaces: ['ops'], has_changes: false }),
      makeStoredPlan('pln_c', undefined, { created_at: '2026-01-03T00:00:00.000Z', set: 'apps', spaces: ['ops', 'default'] }),
    ];
    for (const plan of plans) await store.savePlan(plan, []);
    const ids = async (filter: Parameters<Store['listPlans']>[0]) => (await store.listPlans(filter)).items.map((p) => p.plan_id);
    expect(await ids({})).toEqual(['pln_c', 'pln_b', 'pln_a']);
    expect(await ids({ set: 'infra' })).toEqual(['pln_b', 'pln_a']);
    expect(await ids({ space: 'ops' })).toEqual(['pln_c', 'pln_b']);
    expect(await ids({ hasChanges: false })).toEqual(['pln_b']);
    expect(await ids({ since: '2026-01-02T00:00:00.000Z' })).toEqual(['pln_c', 'pln_b']);
    expect(await ids({ until: '2026-01-01T12:00:00.000Z' })).toEqual(['pln_a']);
    expect(await store.listPlans({ limit: 1, offset: 1 })).toMatchObject({ total: 3, items: [{ plan_id: 'pln_b' }] });
    // Heads: the same plans, filters and pages, without their resource changes.
    const heads = await store.listPlanHeads({ space: 'ops' });
    expect(heads.total).toBe(2);
    expect(heads.items).toEqual((await store.listPlans({ space: 'ops' })).items.map(({ resource_changes: _changes, ...head }) => head));
    expect(heads.items.every((head) => !('resource_changes' in head))).toBe(true);
  });
});
