import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from '../../../src/store/sqlite/migrations.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { makeApplyRecord, makeStoredPlan, sqliteHarness } from '../storeFixtures.js';

describe('SqliteStore on disk', () => {
  let harness: Awaited<ReturnType<typeof sqliteHarness>>;
  beforeEach(async () => {
    harness = await sqliteHarness();
  });
  afterEach(async () => harness.cleanup());

  const rawDb = () => new Database(join(harness.dataDir, 'kcr.db'));

  it('creates kcr.db in WAL mode with every migration recorded once', async () => {
    const store = (await harness.open()) as SqliteStore;
    expect(store.path).toBe(join(harness.dataDir, 'kcr.db'));
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    await store.close();
    await harness.open();
    const db = rawDb();
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      db.close();
    }
  });

  it('applies only the migrations a database lacks', async () => {
    const db = new Database(':memory:');
    const applied: number[] = [];
    const steps = [1, 2, 3].map((version) => ({ version, name: `step ${version}`, up: () => void applied.push(version) }));
    expect(migrate(db, steps.slice(0, 2))).toEqual({ from: 0, to: 2 });
    expect(migrate(db, steps)).toEqual({ from: 2, to: 3 });
    expect(applied).toEqual([1, 2, 3]);
    db.close();
  });

  it('refuses a database written by a newer kcr', async () => {
    await (await harness.open()).close();
    const db = rawDb();
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', '2030-01-01')").run();
    db.close();
    await expect(harness.open()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/schema version 999.*upgrade kcr/) });
  });

  it('stores new plans deflated and still reads plans stored as JSON text before migrations 2 and 4', async () => {
    const store = (await harness.open()) as SqliteStore;
    const changes = Array.from({ length: 200 }, (_, n) => ({ address: `default/c${n}`, connector_id: `c${n}`, name: `connector ${n}` }));
    const fresh = makeStoredPlan('pln_fresh', undefined, { resource_changes: changes as never });
    await store.savePlan(fresh, []);
    const legacy = makeStoredPlan('pln_legacy');
    await store.savePlan(legacy, []);
    const db = rawDb();
    try {
      const row = db.prepare("SELECT plan, body_encoding FROM plans WHERE plan_id = 'pln_fresh'").get() as { plan: Buffer; body_encoding: string };
      expect(row.body_encoding).toBe('deflate-raw');
      expect(row.plan.length).toBeLessThan(JSON.stringify(fresh.plan).length / 4);
      // What a row written by kcr before migration 2 looks like: JSON text, the column's default encoding.
      db.prepare("UPDATE plans SET plan = ?, operations = ?, body_encoding = 'json', head = NULL WHERE plan_id = 'pln_legacy'")
        .run(JSON.stringify(legacy.plan), JSON.stringify(legacy.operations));
    } finally {
      db.close();
    }
    expect(await store.getPlan('pln_fresh')).toEqual(fresh);
    expect(await store.getPlan('pln_legacy')).toEqual(legacy);
    expect((await store.listPlans({})).items.map((plan) => plan.plan_id).sort()).toEqual(['pln_fresh', 'pln_legacy']);
    // A row from before migration 4 has no head: its head is derived from the whole plan.
    const { resource_changes: _changes, ...legacyHead } = legacy.plan;
    expect((await store.listPlanHeads({})).items.find((head) => head.plan_id === 'pln_legacy')).toEqual(legacyHead);
  });

  it('answers STORE_UNAVAILABLE when another process holds the write lock past the busy timeout', async () => {
    const store = await openSqliteStore({ dataDir: harness.dataDir, busyTimeoutMs: 50 });
    const other = rawDb();
    try {
      other.exec('BEGIN IMMEDIATE');
      await expect(store.bumpSerial('default')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('SQLITE_BUSY') });
      other.exec('ROLLBACK');
      expect(await store.bumpSerial('default')).toBe(1);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('answers STORE_UNAVAILABLE for a data directory whose kcr.db is not a database', async () => {
    writeFileSync(join(harness.dataDir, 'kcr.db'), 'this is not a sqlite file, it is a note someone left here'.repeat(100));
    await expect(harness.open()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('kcr.db') });
  });

  it('refuses to update or delete events, even in SQL', async () => {
    const store = await harness.open();
    await store.appendEvent({ time: '2026-01-01T00:00:00.000Z', actor: 'a', action: 'x', outcome: 'success', message: 'kept' });
    const db = rawDb();
    try {
      expect(() => db.prepare("UPDATE events SET message = 'rewritten'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await store.listEvents()).items.map((e) => e.message)).toEqual(['kept']);
  });

  it('never writes a secret value in clear to kcr.db, its WAL or its shared-memory file', async () => {
    const canary = 'CANARY-7f3a9c-do-not-leak';
    const store = (await harness.open()) as SqliteStore;
    await store.embeddedConnectors.insert({
      spaceId: 'default', id: 'c1', name: 'hook', connectorTypeId: '.webhook', config: { url: 'https://example.org' },
      secrets: new SecretValue({ password: canary }), isMissingSecrets: false,
    });
    const stored = makeStoredPlan('pln_canary');
    await store.savePlan(stored, [new SecretValue({ token: canary })]);
    await store.beginApply(makeApplyRecord('apl_canary', stored));
    await store.embeddedConnectors.replace('default', 'c1', { name: 'hook', config: {}, secrets: new SecretValue({ password: `${canary}-2` }) });

    const files = ['kcr.db', 'kcr.db-wal', 'kcr.db-shm'].map((name) => join(harness.dataDir, name));
    const search = () => files.filter(existsSync).filter((file) => readFileSync(file).includes(Buffer.from(canary)));
    expect(files.filter(existsSync).length).toBeGreaterThan(1);
    expect(search()).toEqual([]);
    store.checkpoint();
    expect(search()).toEqual([]);
    // The canary does round-trip, so the search above looked at real secret-bearing rows.
    expect((await store.getPlanSecrets('pln_canary'))[0].reveal()).toEqual({ token: canary });
  });
});
