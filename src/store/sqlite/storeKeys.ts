import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { KcrError, isKcrError } from '../../errors.js';
import { canonicalStringify } from '../../model/canonicalJson.js';
import type { JsonObject } from '../../model/json.js';
import { SecretCipher, hmacFingerprint, KEY_BYTES } from '../crypto/SecretCipher.js';
import { describeKeySource, discardPendingKey, promotePendingKey, type KeySource, type ResolvedKey } from '../crypto/keyFile.js';

export const FINGERPRINT_KEY_META = 'fingerprint_key';
export const KEY_CHECK_META = 'key_check';
/** Changes at every rotation: lets a process that still holds the old key notice before it writes. */
export const KEY_GENERATION_META = 'key_generation';
const KEY_CHECK_PLAINTEXT = 'kcr-key-check-v1';

/** AAD of a meta value: binds its ciphertext to its key. */
export function metaAad(key: string): string {
  return `meta:${key}`;
}

/**
 * The keys of an open store: the cipher for secrets at rest and the fingerprint key. The
 * fingerprint key is random, separate from the encryption key and stored encrypted with it,
 * so fingerprints (and thus "secrets changed?" in plans) survive a key rotation.
 */
export class StoreKeys {
  #cipher: SecretCipher;
  readonly #fingerprintKey: Buffer;
  #source: KeySource;
  #generation: string;
  readonly #readGeneration: () => string;

  private constructor(db: Database, cipher: SecretCipher, fingerprintKey: Buffer, source: KeySource) {
    const statement = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.#readGeneration = () => (statement.get(KEY_GENERATION_META) as { value: string } | undefined)?.value ?? '';
    this.#cipher = cipher;
    this.#fingerprintKey = fingerprintKey;
    this.#source = source;
    this.#generation = this.#readGeneration();
  }

  /**
   * Throws STORE_KEY_MISMATCH when another process rotated the key since this one opened the
   * store: writing with the old key would leave rows nobody can decrypt. Callers run it in the
   * same transaction as the write.
   */
  assertCurrent(): void {
    if (this.#readGeneration() === this.#generation) return;
    throw new KcrError('STORE_KEY_MISMATCH', 'the encryption key was rotated by another kcr process; restart this one with the new key');
  }

  get cipher(): SecretCipher {
    return this.#cipher;
  }

  get source(): KeySource {
    return this.#source;
  }

  /** `hmac-sha256:<hex>` over the canonical JSON of the secrets (key order does not matter). */
  fingerprint(secrets: JsonObject): string {
    return hmacFingerprint(this.#fingerprintKey, canonicalStringify(secrets));
  }

  /** An HMAC of `text` with the fingerprint key: a lookup key that does not show what it was made from. */
  mac(text: string): string {
    return hmacFingerprint(this.#fingerprintKey, text);
  }

  /** Switches to a new encryption key once the store's ciphertexts were re-encrypted with it. */
  useKey(key: Buffer, source: KeySource, generation: string): void {
    this.#cipher = new SecretCipher(key);
    this.#source = source;
    this.#generation = generation;
  }

  /**
   * Loads the fingerprint key, creating it on the first open; fails with STORE_KEY_MISMATCH when
   * the key does not decrypt what the store already holds. A staged key left by a rotation that
   * died between its commit and its key file rename is promoted here.
   */
  static open(db: Database, resolved: ResolvedKey): StoreKeys {
    createKeysIfAbsent(db, new SecretCipher(resolved.key));
    const candidates: Array<{ key: Buffer; pending: boolean }> = [{ key: resolved.key, pending: false }];
    if (resolved.pendingKey) candidates.push({ key: resolved.pendingKey, pending: true });
    for (const candidate of candidates) {
      const cipher = new SecretCipher(candidate.key);
      const fingerprintKey = tryUnlock(db, cipher);
      if (!fingerprintKey) continue;
      if (resolved.source.kind === 'file') {
        if (candidate.pending) promotePendingKey(resolved.source.path);
        else discardPendingKey(resolved.source.path);
      }
      return new StoreKeys(db, cipher, fingerprintKey, resolved.source);
    }
    throw new KcrError(
      'STORE_KEY_MISMATCH',
      `${describeKeySource(resolved.source)} does not decrypt the secrets in the store ${db.name}; ` +
        'use the key the store was created with (KCR_ENCRYPTION_KEY or the encryption.key file of its data directory)',
      { attributes: { key_source: resolved.source.kind } },
    );
  }
}

/** True once the store has keys, i.e. it may hold ciphertext that only its key decrypts. */
export function storeHasKeys(db: Database): boolean {
  return readMeta(db, FINGERPRINT_KEY_META) !== undefined;
}

function readMeta(db: Database, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** IMMEDIATE, so two processes opening a new store agree on one fingerprint key. */
function createKeysIfAbsent(db: Database, cipher: SecretCipher): void {
  db.transaction(() => {
    if (readMeta(db, FINGERPRINT_KEY_META) !== undefined) return;
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    insert.run(FINGERPRINT_KEY_META, cipher.encrypt(randomBytes(KEY_BYTES).toString('hex'), metaAad(FINGERPRINT_KEY_META)));
    insert.run(KEY_CHECK_META, cipher.encrypt(KEY_CHECK_PLAINTEXT, metaAad(KEY_CHECK_META)));
  }).immediate();
}

/** The fingerprint key when this cipher opens the store, else undefined. */
function tryUnlock(db: Database, cipher: SecretCipher): Buffer | undefined {
  try {
    const check = readMeta(db, KEY_CHECK_META);
    if (check !== undefined && cipher.decrypt(check, metaAad(KEY_CHECK_META)) !== KEY_CHECK_PLAINTEXT) return undefined;
    return Buffer.from(cipher.decrypt(readMeta(db, FINGERPRINT_KEY_META) ?? '', metaAad(FINGERPRINT_KEY_META)), 'hex');
  } catch (error) {
    if (isKcrError(error) && error.code === 'STORE_KEY_MISMATCH') return undefined;
    throw error;
  }
}
