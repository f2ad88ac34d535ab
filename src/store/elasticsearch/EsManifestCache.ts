import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Client } from '@elastic/elasticsearch';
import { esCall } from './esCalls.js';
import { searchIds } from './esSearch.js';
import type { EsKeys } from './EsKeys.js';

/** Entries no run has used for this long are dropped (as in SQLite, sqlite/SqliteManifestCache.ts). */
const MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
const cacheAad = (rowKey: string) => `manifest-cache:${rowKey}`;

/**
 * The parsed manifest cache in `<prefix>-manifest-cache`: documents found by an HMAC of the
 * key, bodies deflated then encrypted, exactly as in SQLite. Only ever a shortcut: every write
 * is an overwrite (idempotent), and losing one costs a parse.
 */
export class EsManifestCache {
  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly keys: EsKeys,
    private readonly now: () => Date,
  ) {}

  async get(key: string): Promise<string | null> {
    const rowKey = this.keys.mac(`manifest-cache\u0000${key}`);
    const response = await esCall('read the manifest cache', () => this.client.get<{ body: string }>({ index: this.index, id: rowKey }, { ignore: [404] }), {
      idempotent: true,
    });
    if (!response.found || !response._source) return null;
    return inflateRawSync(Buffer.from(this.keys.cipher.decrypt(response._source.body, cacheAad(rowKey)), 'base64')).toString('utf8');
  }

  async record(added: Array<{ key: string; body: string }>, used: string[]): Promise<void> {
    const now = this.now();
    const at = now.toISOString();
    const operations: unknown[] = [];
    for (const { key, body } of added) {
      const rowKey = this.keys.mac(`manifest-cache\u0000${key}`);
      operations.push({ index: { _index: this.index, _id: rowKey } }, { body: this.keys.cipher.encrypt(deflateRawSync(body, { level: 1 }).toString('base64'), cacheAad(rowKey)), used_at: at });
    }
    for (const key of used) operations.push({ update: { _index: this.index, _id: this.keys.mac(`manifest-cache\u0000${key}`) } }, { doc: { used_at: at } });
    if (operations.length > 0) {
      // Item failures (an entry dropped meanwhile) are ignored: the cache is only a shortcut.
      await esCall('write the manifest cache', () => this.client.bulk({ operations: operations as never }), { idempotent: true });
    }
    await this.#prune(new Date(now.getTime() - MAX_AGE_MS).toISOString());
  }

  /** Deletes entries unused since `before`: a search and a bulk delete (no _delete_by_query, which needs the reindex module). */
  async #prune(before: string): Promise<void> {
    const ids = await searchIds(this.client, 'prune the manifest cache', this.index, { range: { used_at: { lt: before } } });
    if (ids.length === 0) return;
    await esCall('prune the manifest cache', () => this.client.bulk({ operations: ids.map((id) => ({ delete: { _index: this.index, _id: id } })) }), { idempotent: true });
  }
}
