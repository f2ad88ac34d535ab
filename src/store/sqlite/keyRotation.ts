import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { SecretCipher } from '../crypto/SecretCipher.js';
import { discardPendingKey, promotePendingKey, stagePendingKey } from '../crypto/keyFile.js';
import { connectorAad } from './SqliteEmbeddedConnectors.js';
import { planAad } from './SqlitePlans.js';
import { FINGERPRINT_KEY_META, KEY_CHECK_META, KEY_GENERATION_META, metaAad, type StoreKeys } from './storeKeys.js';

/** What a rotation did; `updateEnvironment` tells the caller to give KCR_ENCRYPTION_KEY the new key. */
export interface RotationResult {
  reencrypted: number;
  updateEnvironment: boolean;
}

/**
 * Re-encrypts every ciphertext of the store (connector secrets, plan secrets, the fingerprint
 * key and the key check) under `newKey` in ONE IMMEDIATE transaction: either all rows move to
 * the new key or none does. With a key file, the new key is staged beside the old file before
 * the commit and renamed over it after, so no moment exists where the store and the key file
 * disagree without the staged key to recover from. Other processes holding the store open keep
 * the old key in memory; the new key generation in meta makes their next secret write fail with
 * STORE_KEY_MISMATCH instead of writing rows under the old key. Best rotate while no server runs.
 */
export function rotateStoreKey(db: Database, keys: StoreKeys, newKey: Buffer): RotationResult {
  const oldCipher = keys.cipher;
  const newCipher = new SecretCipher(newKey);
  const source = keys.source;
  if (source.kind === 'file') stagePendingKey(source.path, newKey);
  const generation = randomBytes(8).toString('hex');
  let reencrypted: number;
  try {
    reencrypted = db
      .transaction(() => {
        keys.assertCurrent();
        const count = reencryptAll(db, oldCipher, newCipher);
        db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(KEY_GENERATION_META, generation);
        return count;
      })
      .immediate();
  } catch (error) {
    if (source.kind === 'file') discardPendingKey(source.path);
    throw error;
  }
  if (source.kind === 'file') promotePendingKey(source.path);
  keys.useKey(newKey, source, generation);
  return { reencrypted, updateEnvironment: source.kind === 'env' };
}

function reencryptAll(db: Database, from: SecretCipher, to: SecretCipher): number {
  // .all() rather than .iterate(): better-sqlite3 forbids writes while a read cursor is open.
  let count = 0;
  const move = (ciphertext: string, aad: string) => {
    count++;
    return to.encrypt(from.decrypt(ciphertext, aad), aad);
  };
  const updateConnector = db.prepare('UPDATE embedded_connectors SET secrets_ciphertext = ? WHERE id = ?');
  for (const row of db.prepare('SELECT id, space_id, secrets_ciphertext FROM embedded_connectors').all() as Array<{ id: string; space_id: string; secrets_ciphertext: string }>) {
    updateConnector.run(move(row.secrets_ciphertext, connectorAad(row.space_id, row.id)), row.id);
  }
  const updatePlan = db.prepare('UPDATE plans SET secrets_ciphertext = ? WHERE plan_id = ?');
  for (const row of db.prepare('SELECT plan_id, secrets_ciphertext FROM plans').all() as Array<{ plan_id: string; secrets_ciphertext: string }>) {
    updatePlan.run(move(row.secrets_ciphertext, planAad(row.plan_id)), row.plan_id);
  }
  // The parsed manifest cache is only a shortcut: dropped rather than re-encrypted.
  db.prepare('DELETE FROM manifest_cache').run();
  const updateMeta = db.prepare('UPDATE meta SET value = ? WHERE key = ?');
  for (const key of [FINGERPRINT_KEY_META, KEY_CHECK_META]) {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    if (row) updateMeta.run(move(row.value, metaAad(key)), key);
  }
  return count;
}
