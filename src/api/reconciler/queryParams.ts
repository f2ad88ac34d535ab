import type { Request } from 'express';
import { KcrError } from '../../errors.js';

/** Kibana's space id rule: lowercase letters, digits, `_` and `-`. */
const SPACE_ID = /^[a-z0-9_-]{1,255}$/;

type Query = Request['query'];

function badQuery(name: string, expected: string, got: unknown): KcrError {
  const shown = typeof got === 'string' ? `"${got.slice(0, 80)}"` : JSON.stringify(got)?.slice(0, 80) ?? String(got);
  const message = `query parameter "${name}" must be ${expected}, got ${shown}`;
  return new KcrError('BAD_REQUEST', message, { errors: [{ path: `query.${name}`, message: `expected ${expected}` }] });
}

/** A single-valued string parameter; given twice or as an object (`a[b]=`) it is a 400, never silently the first one. */
export function stringParam(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badQuery(name, 'given once, as a plain string', value);
  return value;
}

/** A repeatable parameter (`?space=a&space=b`). */
export function stringListParam(query: Query, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item): item is string => typeof item === 'string')) throw badQuery(name, 'plain strings', value);
  return list;
}

/** `true` or `false` (nothing else: `?has_changes=yes` is a typo worth reporting). */
export function booleanParam(query: Query, name: string): boolean | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badQuery(name, '"true" or "false"', value);
}

/** A whole number within bounds. */
export function integerParam(query: Query, name: string, bounds: { min: number; max?: number }): number | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return undefined;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(parsed) || parsed < bounds.min || parsed > max) {
    throw badQuery(name, bounds.max === undefined ? `a whole number >= ${bounds.min}` : `a whole number from ${bounds.min} to ${bounds.max}`, value);
  }
  return parsed;
}

/** An ISO 8601 date or date-time, returned in the store's canonical form (UTC, milliseconds). */
export function dateParam(query: Query, name: string): string | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw badQuery(name, 'an ISO 8601 date or date-time such as 2026-01-31T12:00:00Z', value);
  return new Date(time).toISOString();
}

/** Checks a space id from the query or the path. */
export function assertSpaceId(spaceId: string, where: string): string {
  if (!SPACE_ID.test(spaceId)) throw badQuery(where, 'a space id of lowercase letters, digits, "_" or "-"', spaceId);
  return spaceId;
}

/** Pagination shared by every list route: `limit` 1-1000 (default 20), `offset` >= 0 (default 0). */
export function pageParams(query: Query): { limit: number; offset: number } {
  return { limit: integerParam(query, 'limit', { min: 1, max: 1000 }) ?? 20, offset: integerParam(query, 'offset', { min: 0 }) ?? 0 };
}

/** Refuses query parameters a route does not know: a misspelt filter must not silently return everything. */
export function assertKnownParams(query: Query, known: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (known.includes(name)) continue;
    const expected = known.length > 0 ? `one of: ${known.join(', ')}` : 'none';
    throw new KcrError('BAD_REQUEST', `unknown query parameter "${name.slice(0, 80)}"; this route accepts ${expected}`, {
      errors: [{ path: `query.${name.slice(0, 80)}`, message: `unknown parameter; expected ${expected}` }],
    });
  }
}
