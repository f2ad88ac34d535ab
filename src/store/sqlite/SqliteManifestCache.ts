import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Database, Statement } from 'better-sqlite3';
import type { StoreKeys } from './storeKeys.js';

/** Entries no run has used for this long are dropped: a changed file's old entry is never read again. */
export const MANIFEST_CACHE_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** AAD of a cache body: binds its ciphertext to its row. */
function cacheAad(rowKey: string): string {
  return `manifest-cache:${rowKey}`;
}

/**
 * The parsed manifest cache's rows. Rows are found by an HMAC of the caller's key (made with the
 * fingerprint key), and bodies are deflated and then encrypted with the store's cipher, so the
 * file shows neither the manifests' content nor which texts were seen. A key rotation drops
 * every row (keyRotation.ts): the cache is only ever a shortcut.
 */
export class SqliteManifestCache {
  readonly #db: Database;
  readonly #keys: StoreKeys;
  readonly #get: Statement<[string]>;
  readonly #put: Statement<[string, string, string]>;
  readonly #touch: Statement<[string, string]>;
  readonly #prune: Statement<[string]>;

  constructor(db: Database, keys: StoreKeys, private readonly now: () => Date) {
    this.#db = db;
    this.#keys = keys;
    this.#get = db.prepare('SELECT body FROM manifest_cache WHERE key = ?');
    this.#put = db.prepare('INSERT OR REPLACE INTO manifest_cache (key, body, used_at) VALUES (?, ?, ?)');
    this.#touch = db.prepare('UPDATE manifest_cache SET used_at = ? WHERE key = ?');
    this.#prune = db.prepare('DELETE FROM manifest_cache WHERE used_at < ?');
  }

  get(key: string): string | null {
    const rowKey = this.#rowKey(key);
    const row = this.#get.get(rowKey) as { body: string } | undefined;
    if (!row) return null;
    return inflateRawSync(Buffer.from(this.#keys.cipher.decrypt(row.body, cacheAad(rowKey)), 'base64')).toString('utf8');
  }

  /** One transaction: new bodies in, used rows touched, rows unused for MANIFEST_CACHE_MAX_AGE_MS out. */
  record(added: Array<{ key: string; body: string }>, used: string[]): void {
    const now = this.now();
    const at = now.toISOString();
    const rows = added.map(({ key, body }) => {
      const rowKey = this.#rowKey(key);
      return [rowKey, this.#keys.cipher.encrypt(deflateRawSync(body, { level: 1 }).toString('base64'), cacheAad(rowKey))] as const;
    });
    this.#db.transaction(() => {
      // Refused if another process rotated the key meanwhile (see StoreKeys.assertCurrent).
      if (rows.length > 0) this.#keys.assertCurrent();
      for (const [rowKey, body] of rows) this.#put.run(rowKey, body, at);
      for (const key of used) this.#touch.run(at, this.#rowKey(key));
      this.#prune.run(new Date(now.getTime() - MANIFEST_CACHE_MAX_AGE_MS).toISOString());
    }).immediate();
  }

  #rowKey(key: string): string {
    return this.#keys.mac(`manifest-cache\u0000${key}`);
  }
}
