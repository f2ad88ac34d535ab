import type { Principal } from '../../security/principals.js';
import { hasSpacePrivilege, readsEverySpace, type ListKind } from '../../security/privileges.js';

/** Property names under which list routes return their items. */
const LIST_KEYS = ['items', 'plans', 'applies', 'events', 'entries', 'inventory', 'locks', 'data', 'sources'];

/**
 * The spaces one listed record touches: a plan's or an apply's `spaces`, or the `space_id` /
 * `spaceId` of an event, inventory entry or lock. Empty: the record names no space.
 */
export function spacesOfItem(item: unknown): string[] {
  if (!item || typeof item !== 'object') return [];
  const record = item as Record<string, unknown>;
  if (Array.isArray(record.spaces)) return record.spaces.filter((space): space is string => typeof space === 'string');
  if (record.plan && typeof record.plan === 'object') return spacesOfItem(record.plan);
  for (const key of ['space_id', 'spaceId', 'space']) {
    if (typeof record[key] === 'string') return [record[key] as string];
  }
  return [];
}

/**
 * True when the principal may see the record: it reads every space the record touches. A record
 * that names no space (e.g. the `plan.create` event of a set) could be about any space, so only
 * a principal that reads every space (`*` or admin) sees it.
 */
export function isVisibleTo(principal: Principal, item: unknown): boolean {
  const spaces = spacesOfItem(item);
  if (spaces.length === 0) return readsEverySpace(principal);
  return spaces.every((space) => hasSpacePrivilege(principal, space, 'read'));
}

/**
 * Filters a list response to the records the principal may read. Lists are filtered rather than
 * refused, so a principal of space `a` can page through what it owns. When records were hidden,
 * `total` counts only the visible ones of this page: the number of hidden records is itself
 * information about other spaces.
 */
export function filterListBody(_kind: ListKind, body: unknown, principal: Principal): unknown {
  if (Array.isArray(body)) return body.filter((item) => isVisibleTo(principal, item));
  if (!body || typeof body !== 'object') return body;
  const result: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  let hidden = 0;
  let visible = 0;
  for (const key of LIST_KEYS) {
    const value = result[key];
    if (!Array.isArray(value)) continue;
    const kept = value.filter((item) => isVisibleTo(principal, item));
    hidden += value.length - kept.length;
    visible += kept.length;
    result[key] = kept;
  }
  if (hidden > 0 && typeof result.total === 'number') result.total = visible;
  return result;
}
