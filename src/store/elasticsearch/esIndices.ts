import type { Client } from '@elastic/elasticsearch';
import { KcrError } from '../../errors.js';
import { errorTypeOf, esCall, isConflict, isNotFound } from './esCalls.js';

/** The mappings' version, recorded in `<prefix>-meta` (doc `schema`). A newer store refuses an older kcr. */
export const ES_SCHEMA_VERSION = 1;

type Mapping = Record<string, unknown>;
const kw = { type: 'keyword' } as const;
/** Kept in _source only: read back, never searched (ciphertexts, fingerprints, JSON bodies). */
const sourceOnly = { type: 'keyword', index: false, doc_values: false } as const;
const date = { type: 'date' } as const;
const long = { type: 'long' } as const;
const bool = { type: 'boolean' } as const;
/** Any JSON, kept as given in _source and shown in Discover, never indexed (connector config, event details). */
const opaque = { type: 'object', enabled: false } as const;
const binary = { type: 'binary' } as const;

/** Every index kcr uses, without the prefix, and its fields. `dynamic: strict`: an unknown field is an error, never a new mapping. */
export const INDEX_FIELDS = {
  meta: { schema_version: { type: 'integer' }, fingerprint_key: sourceOnly, key_check: sourceOnly, updated_at: date },
  connectors: {
    space_id: kw, id: kw, name: kw, connector_type_id: kw, config: opaque, secrets_ciphertext: sourceOnly, secrets_fingerprint: sourceOnly,
    is_missing_secrets: bool, created_at: date, updated_at: date,
  },
  inventory: {
    set_name: kw, space_id: kw, connector_id: kw, manifest_name: kw, last_applied: opaque, applied_at: date, plan_id: kw,
    /** Deletes are tombstones, so a late replay of an older effect (external version) cannot bring an entry back. */
    deleted: bool,
  },
  serials: { space_id: kw, serial: long, recent_effects: sourceOnly, updated_at: date },
  plans: {
    plan_id: kw, set_name: kw, created_at: date, has_changes: bool, spaces: kw, body_encoding: kw, plan_body: binary, operations_body: binary,
    head: opaque, secrets_ciphertext: sourceOnly, saved_seq: long,
  },
  applies: {
    apply_id: kw, plan_id: kw, set_name: kw, target: kw, actor: kw, status: kw, started_at: date, finished_at: date, spaces: kw,
    operations_body: binary, started_seq: long,
  },
  operations: {
    apply_id: kw, op_index: { type: 'integer' }, kind: kw, space_id: kw, connector_id: kw, name: kw, outcome: kw, error: opaque,
    started_at: date, finished_at: date, duration_ms: long, attempts: sourceOnly,
    /** none | pending | applied: the effects written with this outcome and whether they all landed (README: consistency). */
    effects_state: kw, effects: sourceOnly, effect_id: kw, effect_seq: long,
  },
  events: {
    '@timestamp': date,
    message: { type: 'text' },
    event: { properties: { action: kw, outcome: kw, sequence: long, dataset: kw, kind: kw } },
    user: { properties: { name: kw } },
    kibana: { properties: { space_ids: kw } },
    source: { properties: { address: kw } },
    http: { properties: { request: { properties: { id: kw } } } },
    kcr: {
      properties: { time: sourceOnly, space_id: kw, connector_id: kw, set: kw, plan_id: kw, apply_id: kw, origin: kw, details: opaque },
    },
  },
  locks: { space_id: kw, holder: kw, token: sourceOnly, acquired_at: date, expires_at: date, expires_at_ms: long },
  'manifest-cache': { body: sourceOnly, used_at: date },
} as const satisfies Record<string, Mapping>;

export type IndexName = keyof typeof INDEX_FIELDS;
export type IndexNames = Record<IndexName, string>;

export function indexNames(prefix: string): IndexNames {
  return Object.fromEntries(Object.keys(INDEX_FIELDS).map((name) => [name, `${prefix}-${name}`])) as IndexNames;
}

function mappingOf(name: IndexName): Mapping {
  return { dynamic: 'strict', properties: INDEX_FIELDS[name] };
}

/**
 * One primary shard per index (kcr's data is small and every read is by id or one search), and
 * one replica as soon as a second node exists (`0-1`): a single-node cluster stays green, a
 * three-node cluster loses nothing when one node stops. Tombstones of deleted inventory entries
 * and versions are kept an hour, far beyond any replay of an effect.
 */
const INDEX_SETTINGS = { number_of_shards: 1, auto_expand_replicas: '0-1', gc_deletes: '1h' };

/**
 * Creates the indices that are missing and brings the mappings of existing ones to this
 * version (only additions: Elasticsearch refuses to change a field's type, and so do we),
 * then records the schema version. Refuses a store written by a newer kcr.
 */
export async function ensureIndices(client: Client, names: IndexNames, now: () => Date): Promise<{ created: string[]; migratedFrom: number | null }> {
  const recorded = await readSchemaVersion(client, names.meta);
  if (recorded !== null && recorded > ES_SCHEMA_VERSION) {
    throw new KcrError('STORE_UNAVAILABLE', `the Elasticsearch store ${names.meta} has schema version ${recorded}, newer than this kcr's ${ES_SCHEMA_VERSION}; upgrade kcr`, {
      attributes: { retryable: false },
    });
  }
  const created: string[] = [];
  // In parallel: the master batches the cluster state updates of ten index creations into a few.
  await Promise.all((Object.keys(INDEX_FIELDS) as IndexName[]).map(async (name) => {
    const index = names[name];
    const exists = await esCall(`check the index ${index}`, () => client.indices.exists({ index }), { idempotent: true });
    if (!exists) {
      if (await createIndex(client, index, mappingOf(name))) created.push(index);
    } else if (recorded !== ES_SCHEMA_VERSION) {
      await esCall(`update the mapping of ${index}`, () => client.indices.putMapping({ index, ...mappingOf(name) }), { idempotent: true });
    }
  }));
  if (recorded !== ES_SCHEMA_VERSION) {
    await esCall(
      'record the schema version',
      () => client.update({ index: names.meta, id: 'schema', doc: { schema_version: ES_SCHEMA_VERSION, updated_at: now().toISOString() }, doc_as_upsert: true }),
      { idempotent: true },
    );
  }
  return { created, migratedFrom: recorded === ES_SCHEMA_VERSION ? null : recorded };
}

/** The recorded schema version, or null for a new store. */
export async function readSchemaVersion(client: Client, metaIndex: string): Promise<number | null> {
  try {
    const doc = await esCall('read the schema version', () => client.get<{ schema_version?: number }>({ index: metaIndex, id: 'schema' }), {
      idempotent: true,
      passThrough: isNotFound,
    });
    return doc._source?.schema_version ?? null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** False when another kcr created it first (two replicas starting together). */
async function createIndex(client: Client, index: string, mappings: Mapping): Promise<boolean> {
  try {
    await esCall(`create the index ${index}`, () => client.indices.create({ index, settings: INDEX_SETTINGS, mappings, wait_for_active_shards: 1 }), {
      idempotent: true,
      passThrough: (error) => errorTypeOf(error) === 'resource_already_exists_exception' || isConflict(error),
    });
    return true;
  } catch (error) {
    if (errorTypeOf(error) === 'resource_already_exists_exception' || isConflict(error)) return false;
    throw error;
  }
}
