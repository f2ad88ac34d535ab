import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { makeStoredPlan, sqliteHarness } from '../storeFixtures.js';

describe('SqliteStore encryption keys', () => {
  let harness: Awaited<ReturnType<typeof sqliteHarness>>;
  beforeEach(async () => {
    harness = await sqliteHarness();
  });
  afterEach(async () => harness.cleanup());

  const keyFile = () => join(harness.dataDir, 'encryption.key');
  const opened: SqliteStore[] = [];
  const open = async (encryptionKey?: string) => {
    const store = await openSqliteStore({ dataDir: harness.dataDir, encryptionKey });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  async function fill(store: SqliteStore): Promise<string> {
    await store.embeddedConnectors.insert({
      spaceId: 'default', id: 'c1', name: 'hook', connectorTypeId: '.webhook', config: {}, secrets: new SecretValue({ token: 'tok' }), isMissingSecrets: false,
    });
    await store.savePlan(makeStoredPlan('pln_1'), [new SecretValue({ token: 'plan-tok' })]);
    return store.fingerprintSecrets(new SecretValue({ token: 'tok' }));
  }

  async function expectReadable(store: SqliteStore, fingerprint: string): Promise<void> {
    const row = await store.embeddedConnectors.get('default', 'c1');
    expect(row?.secrets.reveal()).toEqual({ token: 'tok' });
    expect(row?.secretsFingerprint).toBe(fingerprint);
    expect(store.fingerprintSecrets(new SecretValue({ token: 'tok' }))).toBe(fingerprint);
    expect((await store.getPlanSecrets('pln_1'))[0].reveal()).toEqual({ token: 'plan-tok' });
  }

  it('creates a 0600 key file on first use and reuses it', async () => {
    const store = await open();
    expect(store.keySource).toEqual({ kind: 'file', path: keyFile() });
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile(), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const fingerprint = await fill(store);
    await store.close();
    await expectReadable(await open(), fingerprint);
  });

  it('narrows a key file readable by others to 0600 and says so', async () => {
    await (await open()).close();
    chmodSync(keyFile(), 0o644);
    const store = await open();
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(store.warnings.join('\n')).toMatch(/mode 0644.*0600/);
  });

  it('refuses a key that does not decrypt the store, naming the key source but never the key', async () => {
    const right = randomBytes(32).toString('hex');
    await fill(await open(right));
    const wrong = randomBytes(32).toString('hex');
    const failure = open(wrong);
    await expect(failure).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH', message: expect.stringContaining('KCR_ENCRYPTION_KEY') });
    const message = await failure.catch((error: Error) => error.message);
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(right);
    // Without the variable the key file is the source; none is invented for a store that has secrets.
    await expect(open()).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH', message: expect.stringMatching(/encryption\.key is missing/) });
    expect(existsSync(keyFile())).toBe(false);
  });

  it('refuses a wrong key file, naming it', async () => {
    await fill(await open());
    await Promise.all(opened.splice(0).map((store) => store.close()));
    writeFileSync(keyFile(), randomBytes(32).toString('hex'), { mode: 0o600 });
    await expect(open()).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH', message: expect.stringContaining(`the key file ${keyFile()}`) });
  });

  it('rejects a malformed KCR_ENCRYPTION_KEY before touching the data directory', async () => {
    const dataDir = join(harness.dataDir, 'never-created');
    await expect(openSqliteStore({ dataDir, encryptionKey: 'short-passphrase' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID', message: expect.not.stringContaining('short-passphrase'),
    });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('rotates a key file: secrets and fingerprints survive, the old key no longer opens the store', async () => {
    const store = await open();
    const fingerprint = await fill(store);
    const oldKey = readFileSync(keyFile(), 'utf8').trim();
    const newKey = randomBytes(32);
    const result = await store.rotateEncryptionKey(newKey);
    expect(result).toEqual({ reencrypted: 4, updateEnvironment: false });
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(newKey.toString('hex'));
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(existsSync(`${keyFile()}.new`)).toBe(false);
    await expectReadable(store, fingerprint);
    await store.close();

    await expectReadable(await open(), fingerprint);
    await expect(open(oldKey)).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH' });
  });

  it('rotates an environment key and tells the caller to update KCR_ENCRYPTION_KEY', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const store = await open(oldKey);
    const fingerprint = await fill(store);
    const newKey = randomBytes(32).toString('hex');
    expect(await store.rotateEncryptionKey(newKey)).toEqual({ reencrypted: 4, updateEnvironment: true });
    expect(existsSync(keyFile())).toBe(false);
    await store.close();
    await expect(open(oldKey)).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH' });
    await expectReadable(await open(newKey), fingerprint);
  });

  it('rejects a malformed new key and leaves the store on its old key', async () => {
    const store = await open();
    const fingerprint = await fill(store);
    await expect(store.rotateEncryptionKey('not a key')).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(store.rotateEncryptionKey(randomBytes(16))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await store.close();
    await expectReadable(await open(), fingerprint);
  });

  it('stops a second process that still holds the old key from writing secrets after a rotation', async () => {
    const first = await open();
    const stale = await open();
    const fingerprint = await fill(first);
    await first.rotateEncryptionKey(randomBytes(32));
    const write = stale.embeddedConnectors.insert({
      spaceId: 'default', id: 'c2', name: 'late', connectorTypeId: '.webhook', config: {}, secrets: new SecretValue({ token: 'late' }), isMissingSecrets: false,
    });
    await expect(write).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH', message: expect.stringContaining('rotated') });
    await expect(stale.savePlan(makeStoredPlan('pln_late'), [])).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH' });
    await expect(stale.rotateEncryptionKey(randomBytes(32))).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH' });
    expect(await first.embeddedConnectors.count()).toBe(1);
    await stale.close();
    await expectReadable(await open(), fingerprint);
  });

  it('recovers from a rotation that died after its commit but before the key file rename', async () => {
    const store = await open();
    const fingerprint = await fill(store);
    const oldKey = readFileSync(keyFile(), 'utf8');
    await store.rotateEncryptionKey(randomBytes(32));
    const newKey = readFileSync(keyFile(), 'utf8');
    await store.close();
    // The state a crash between commit and rename leaves: old key in place, new key staged.
    writeFileSync(keyFile(), oldKey, { mode: 0o600 });
    writeFileSync(`${keyFile()}.new`, newKey, { mode: 0o600 });

    await expectReadable(await open(), fingerprint);
    expect(readFileSync(keyFile(), 'utf8')).toBe(newKey);
    expect(existsSync(`${keyFile()}.new`)).toBe(false);
  });

  it('drops a staged key left by a rotation that never committed', async () => {
    const fingerprint = await fill(await open());
    writeFileSync(`${keyFile()}.new`, randomBytes(32).toString('hex'), { mode: 0o600 });
    await expectReadable(await open(), fingerprint);
    expect(existsSync(`${keyFile()}.new`)).toBe(false);
  });
});
