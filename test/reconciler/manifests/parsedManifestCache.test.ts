import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesiredConnectorInput } from '../../../src/model/desired.js';
import { StoreManifestCache, loadManifestPaths, type ManifestCacheStore } from '../../../src/reconciler/manifests/index.js';
import { isCacheable } from '../../../src/reconciler/manifests/parsedManifestCache.js';
import type { SqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { sqliteHarness } from '../../store/storeFixtures.js';
import { CANARY, loaderOptions } from './loaderOptions.js';

/** A webhook manifest whose password is a literal (the case the cache must still keep secret). */
function webhook(name: string, url: string, password = CANARY): string {
  return [
    'apiVersion: kcr/v1', 'kind: Connector', `metadata: {name: ${name}}`, 'spec:', `  name: ${name}`, '  connector_type_id: .webhook',
    `  config: {url: "${url}", method: post, hasAuth: true}`, `  secrets: {user: ops, password: "${password}"}`,
  ].join('\n');
}

/** What a loaded connector means to a plan, secrets revealed (to compare cached and parsed loads). */
function meaning(connectors: DesiredConnectorInput[]): unknown {
  return connectors.map((c) => ({ ...c, secrets: c.secrets.reveal() }));
}

/** A cache over the real store that counts how many files it answered. */
function countingCache(store: ManifestCacheStore): { cache: StoreManifestCache; hits: () => number } {
  let hits = 0;
  const counted: ManifestCacheStore = {
    async getCachedManifest(key) {
      const body = await store.getCachedManifest(key);
      if (body !== null) hits++;
      return body;
    },
    recordCachedManifests: (update) => store.recordCachedManifests(update),
  };
  return { cache: new StoreManifestCache(async () => counted), hits: () => hits };
}

describe('the parsed manifest cache (in the SQLite store)', () => {
  let harness: Awaited<ReturnType<typeof sqliteHarness>>;
  let store: SqliteStore;
  let dir: string;
  beforeEach(async () => {
    harness = await sqliteHarness();
    store = (await harness.open()) as SqliteStore;
    dir = mkdtempSync(join(tmpdir(), 'kcr-cache-manifests-'));
  });
  afterEach(async () => {
    await harness.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const load = async (cache?: StoreManifestCache) => {
    const result = await loadManifestPaths([dir], { ...loaderOptions({}, dir), parseCache: cache });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.connectors;
  };
  const cacheRows = () => {
    const db = new Database(store.path, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM manifest_cache').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('answers unchanged files from the cache with exactly what parsing gives', async () => {
    writeFileSync(join(dir, 'a.yaml'), `${webhook('a-one', 'https://a.example/1')}\n---\n${webhook('a-two', 'https://a.example/2')}\n`);
    writeFileSync(join(dir, 'b.yaml'), `${webhook('b-one', 'https://b.example/1')}\n`);
    const parsed = await load();
    const first = countingCache(store);
    expect(meaning(await load(first.cache))).toEqual(meaning(parsed));
    expect(first.hits()).toBe(0);
    expect(cacheRows()).toBe(2);

    const second = countingCache(store);
    expect(meaning(await load(second.cache))).toEqual(meaning(parsed));
    expect(second.hits()).toBe(2);
  });

  it('parses a file again once its text changes, and never answers with the old content', async () => {
    writeFileSync(join(dir, 'a.yaml'), webhook('a-one', 'https://a.example/old'));
    await load(countingCache(store).cache);
    writeFileSync(join(dir, 'a.yaml'), webhook('a-one', 'https://a.example/new'));
    const again = countingCache(store);
    const [connector] = await load(again.cache);
    expect(connector.config).toMatchObject({ url: 'https://a.example/new' });
    expect(again.hits()).toBe(0);
  });

  it('writes nothing for a run whose manifests are invalid', async () => {
    writeFileSync(join(dir, 'good.yaml'), webhook('good', 'https://good.example'));
    writeFileSync(join(dir, 'bad.yaml'), webhook('bad', 'not a url'));
    const result = await loadManifestPaths([dir], { ...loaderOptions({}, dir), parseCache: countingCache(store).cache });
    expect(result.ok).toBe(false);
    expect(cacheRows()).toBe(0);
  });

  it('never keeps a literal secret in clear: not in kcr.db, its WAL or its shared memory', async () => {
    writeFileSync(join(dir, 'a.yaml'), webhook('a-one', 'https://a.example/1'));
    await load(countingCache(store).cache);
    expect(cacheRows()).toBe(1);
    const files = ['', '-wal', '-shm'].map((suffix) => `${store.path}${suffix}`).filter(existsSync);
    for (const file of files) expect(readFileSync(file).includes(Buffer.from(CANARY)), file).toBe(false);
    store.checkpoint();
    expect(readFileSync(store.path).includes(Buffer.from(CANARY))).toBe(false);
    // Deflating alone would hide the canary from a byte search: the body must not inflate to it either.
    const db = new Database(store.path, { readonly: true });
    const bodies = (db.prepare('SELECT body FROM manifest_cache').all() as Array<{ body: string }>).map((row) => row.body);
    db.close();
    for (const body of bodies) {
      const raw = Buffer.from(body.replace(/^v\d+:/, ''), 'base64');
      for (const offset of [0, 12, 28]) {
        let inflated = '';
        try {
          inflated = inflateRawSync(raw.subarray(offset)).toString('utf8');
        } catch {
          // not deflate data: encrypted, as it must be
        }
        expect(inflated.includes(CANARY)).toBe(false);
      }
    }
  });

  it('treats a damaged entry as a miss and parses the file', async () => {
    writeFileSync(join(dir, 'a.yaml'), webhook('a-one', 'https://a.example/1'));
    const parsed = await load();
    await load(countingCache(store).cache);
    const db = new Database(store.path);
    db.prepare("UPDATE manifest_cache SET body = 'v1:not-a-ciphertext'").run();
    db.close();
    const again = countingCache(store);
    expect(meaning(await load(again.cache))).toEqual(meaning(parsed));
    expect(again.hits()).toBe(0);
  });

  it('is emptied by a key rotation (its bodies were encrypted with the old key)', async () => {
    writeFileSync(join(dir, 'a.yaml'), webhook('a-one', 'https://a.example/1'));
    await load(countingCache(store).cache);
    expect(cacheRows()).toBe(1);
    await store.rotateEncryptionKey(randomBytes(32));
    expect(cacheRows()).toBe(0);
  });

  it('keeps no file whose values a JSON round trip would change (.inf, .nan) or that has a syntax error', () => {
    expect(isCacheable([{ index: 0, value: { spec: { config: { port: Number.POSITIVE_INFINITY } } }, issues: [] }])).toBe(false);
    expect(isCacheable([{ index: 0, value: { n: Number.NaN }, issues: [] }])).toBe(false);
    expect(isCacheable([{ index: 0, issues: [{ pointer: '', message: 'YAML syntax error' }] }])).toBe(false);
    expect(isCacheable([{ index: 0, value: { a: [1, 'x', null, true, { b: 2.5 }] }, issues: [] }, { index: 1, issues: [] }])).toBe(true);
  });

  it('reads nothing and creates nothing while the store does not exist yet', async () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.yaml'), webhook('a-one', 'https://a.example/1'));
    let opened = 0;
    const cache = new StoreManifestCache(async (purpose) => {
      if (purpose === 'read') return undefined;
      opened++;
      return store;
    });
    await load(cache);
    expect(opened).toBe(1); // only to write, once the run's manifests were all valid
    expect(cacheRows()).toBe(1);
  });
});
