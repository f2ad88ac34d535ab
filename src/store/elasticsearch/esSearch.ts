import type { Client } from '@elastic/elasticsearch';
import { esCall } from './esCalls.js';

export type Query = Record<string, unknown>;
export type Sort = Array<Record<string, 'asc' | 'desc'>>;
const PAGE = 5000;

/** A bool filter of the given terms/ranges; undefined values are left out. */
export function filterOf(clauses: Array<Query | undefined>): Query {
  const filter = clauses.filter((clause): clause is Query => clause !== undefined);
  return filter.length === 0 ? { match_all: {} } : { bool: { filter } };
}

export const term = (field: string, value: string | number | boolean | undefined): Query | undefined =>
  value === undefined ? undefined : { term: { [field]: value } };

export const range = (field: string, gte: string | undefined, lte: string | undefined): Query | undefined =>
  gte === undefined && lte === undefined ? undefined : { range: { [field]: { ...(gte !== undefined && { gte }), ...(lte !== undefined && { lte }) } } };

/**
 * Searches are near-real-time: a document is searchable after the next refresh. Writes do not
 * wait for one (an apply of 10,000 connectors would wait 10,000 refresh intervals); instead every
 * search refreshes its index first, so it sees every write acknowledged before it began, from
 * any kcr process. Reads by id (GET, mget) are real-time and need no refresh.
 */
export async function refreshed(client: Client, index: string): Promise<void> {
  await esCall(`refresh ${index}`, () => client.indices.refresh({ index }), { idempotent: true });
}

/** One page of matches with the total count, after a refresh. */
export async function searchPage<T>(
  client: Client,
  what: string,
  request: { index: string; query: Query; sort: Sort; from: number; size: number; source?: string[] | { excludes: string[] } },
): Promise<{ hits: T[]; total: number }> {
  await refreshed(client, request.index);
  const { source, ...rest } = request;
  const response = await esCall(what, () => client.search<T>({ ...rest, track_total_hits: true, ...(source !== undefined && { _source: source as never }) }), { idempotent: true });
  const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
  return { hits: response.hits.hits.map((hit) => hit._source as T), total };
}

/** Every match, in `sort` order (which must end with a unique field), paged with search_after: no 10,000-hit window. */
export async function searchAll<T>(client: Client, what: string, request: { index: string; query: Query; sort: Sort; source?: string[] }): Promise<T[]> {
  await refreshed(client, request.index);
  const all: T[] = [];
  let after: unknown[] | undefined;
  for (;;) {
    const response = await esCall(
      what,
      () => client.search<T>({ index: request.index, query: request.query, sort: request.sort as never, size: PAGE, track_total_hits: false,
        ...(request.source !== undefined && { _source: request.source }), ...(after !== undefined && { search_after: after as never }) }),
      { idempotent: true },
    );
    const hits = response.hits.hits;
    for (const hit of hits) all.push(hit._source as T);
    if (hits.length < PAGE) return all;
    after = hits[hits.length - 1].sort as unknown[];
  }
}

/** The distinct values of a keyword field among matches, sorted (composite aggregation, paged). */
export async function distinctValues(client: Client, what: string, index: string, field: string, query: Query): Promise<string[]> {
  await refreshed(client, index);
  const values: string[] = [];
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const response = await esCall(
      what,
      () => client.search({ index, query, size: 0, aggs: { values: { composite: { size: 1000, sources: [{ value: { terms: { field } } }], ...(after && { after }) } } } }),
      { idempotent: true },
    );
    const agg = (response.aggregations as { values: { buckets: Array<{ key: { value: string } }>; after_key?: Record<string, unknown> } }).values;
    for (const bucket of agg.buckets) values.push(bucket.key.value);
    if (!agg.after_key || agg.buckets.length === 0) return values;
    after = agg.after_key;
  }
}

/** Count of matches after a refresh. */
export async function countOf(client: Client, what: string, index: string, query: Query): Promise<number> {
  await refreshed(client, index);
  return (await esCall(what, () => client.count({ index, query }), { idempotent: true })).count;
}

/** The same page sizes as SQLite's lists (default 100, at most 10,000). */
export function pageOf(filter: { limit?: number; offset?: number }): { from: number; size: number } {
  return { size: Math.min(Math.max(Math.trunc(filter.limit ?? 100), 0), 10_000), from: Math.max(Math.trunc(filter.offset ?? 0), 0) };
}

/** The ids of up to 10,000 matches (enough for pruning: the rest goes at the next prune). */
export async function searchIds(client: Client, what: string, index: string, query: Query): Promise<string[]> {
  await refreshed(client, index);
  const response = await esCall(what, () => client.search({ index, query, size: 10_000, _source: false }), { idempotent: true });
  return response.hits.hits.map((hit) => hit._id!);
}
