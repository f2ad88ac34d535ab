import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { isJsonObject, type JsonValue } from '../../model/json.js';
import type { ParsedDocument, ParsedManifestCache, SerializedCacheEntry } from './types.js';

/** Identifies the parser and its options: a new `yaml` release, or a change of how kcr parses, never meets an old entry. */
const PARSER_ID = `kcr-parse-1/yaml@${(createRequire(import.meta.url)('yaml/package.json') as { version: string }).version}`;

/**
 * Whether a parsed file may be cached: it parsed without a problem, and its values survive a
 * JSON round trip (YAML's `.inf` and `.nan` do not), so a cached file reads exactly as parsed.
 */
export function isCacheable(documents: ParsedDocument[]): boolean {
  return documents.every((document) => document.issues.length === 0 && (document.value === undefined || isJsonSafe(document.value as JsonValue)));
}

function isJsonSafe(value: JsonValue): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (isJsonObject(value)) return Object.values(value).every(isJsonSafe);
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

/** An entry as written: the key is repeated inside, so a truncated or foreign file is never taken for an entry. */
interface CacheEntry {
  key: string;
  documents: ParsedDocument[];
}

/** The key of a manifest file's text: SHA-256 of the parser id and the text. */
export function manifestCacheKey(text: string): string {
  return createHash('sha256').update(PARSER_ID).update('\u0000').update(text).digest('hex');
}

export function serializeCacheEntry(key: string, documents: ParsedDocument[]): SerializedCacheEntry {
  return { key, body: JSON.stringify({ key, documents } satisfies CacheEntry) };
}

/** What the cache needs of the store: encrypted bodies by key (the Store interface has these). */
export interface ManifestCacheStore {
  getCachedManifest(key: string): Promise<string | null>;
  recordCachedManifests(update: { added: SerializedCacheEntry[]; used: string[] }): Promise<void>;
}

/**
 * The cache kept in kcr's store, encrypted like connector secrets (a manifest may hold a literal
 * secret) and stored under an HMAC of the key, so the store never shows which texts it has seen.
 * One instance serves one run: the entries it hands out are marked used when the run commits,
 * and entries no run used for a while are dropped by the store.
 */
export class StoreManifestCache implements ParsedManifestCache {
  private readonly used: string[] = [];

  /** `store` resolves to undefined when there is no store yet: every file is then a miss, and nothing is created before commit. */
  constructor(private readonly store: (purpose: 'read' | 'write') => Promise<ManifestCacheStore | undefined>) {}

  async get(key: string): Promise<ParsedDocument[] | undefined> {
    let body: string | null;
    try {
      body = (await (await this.store('read'))?.getCachedManifest(key)) ?? null;
    } catch {
      return undefined; // an unreadable entry only costs a parse
    }
    if (body === null) return undefined;
    let entry: CacheEntry;
    try {
      entry = JSON.parse(body) as CacheEntry;
    } catch {
      return undefined;
    }
    if (entry?.key !== key || !Array.isArray(entry.documents)) return undefined;
    this.used.push(key);
    return entry.documents;
  }

  async commit(added: SerializedCacheEntry[]): Promise<void> {
    try {
      await (await this.store('write'))?.recordCachedManifests({ added, used: this.used.splice(0) });
    } catch {
      // A full disk or a busy store must not fail a run whose manifests are valid: the next run parses again.
    }
  }
}
