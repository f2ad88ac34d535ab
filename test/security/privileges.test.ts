import { describe, expect, it } from 'vitest';
import { filterListBody, isVisibleTo } from '../../src/api/security/visibleItems.js';
import type { Principal } from '../../src/security/principals.js';
import { ROUTE_TABLE, firstDeniedSpace, hasSpacePrivilege, isServedPerSpace, unlistedRequirement } from '../../src/security/privileges.js';

const principal = (privileges: Principal['privileges'], admin = false): Principal => ({ name: 'p', privileges, admin });

describe('space privileges', () => {
  it.each([
    // privileges, admin, space, needed, expected
    [{ a: 'read' }, false, 'a', 'read', true],
    [{ a: 'read' }, false, 'a', 'all', false],
    [{ a: 'read' }, false, 'b', 'read', false],
    [{ a: 'all' }, false, 'a', 'read', true],
    [{ a: 'all' }, false, 'a', 'all', true],
    [{ a: 'all' }, false, 'b', 'read', false],
    [{ '*': 'read' }, false, 'b', 'read', true],
    [{ '*': 'read' }, false, 'b', 'all', false],
    [{ '*': 'read', a: 'all' }, false, 'a', 'all', true],
    [{ '*': 'all' }, false, 'anything', 'all', true],
    [{}, true, 'b', 'read', true],
    [{}, true, 'b', 'all', false],
    [{}, false, 'a', 'read', false],
  ] as const)('%j (admin %s) in space %s needing %s: %s', (privileges, admin, space, needed, expected) => {
    expect(hasSpacePrivilege(principal(privileges, admin), space, needed)).toBe(expected);
  });

  it('names the first space denied, so a plan over several spaces fails on the one it may not touch', () => {
    const p = principal({ a: 'all', c: 'read' });
    expect(firstDeniedSpace(p, ['c', 'a'], 'read')).toBeUndefined();
    expect(firstDeniedSpace(p, ['c', 'a'], 'all')).toBe('c');
    expect(firstDeniedSpace(p, ['a', 'b', 'c'], 'read')).toBe('b');
  });
});

describe('the route table', () => {
  it('has one row per method and path, Kibana routes also per space, and denies unlisted API routes to all but admin', () => {
    const keys = ROUTE_TABLE.map((rule) => `${rule.method} ${rule.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(ROUTE_TABLE.filter(isServedPerSpace).map((rule) => rule.path)).toContain('/api/actions/connectors');
    expect(ROUTE_TABLE.filter(isServedPerSpace).map((rule) => rule.path)).not.toContain('/api/reconciler/plans');
    for (const path of ['/api/reconciler/export', '/API/Reconciler/new', '//api/actions/x', '/s/b/api/actions/new', '/internal/anything']) {
      expect(unlistedRequirement(path).kind, path).toBe('admin');
    }
    expect(unlistedRequirement('/ui/app.js').kind).toBe('authenticated');
  });

  it("uses Kibana's 403 wording for the Kibana routes and names the space for the reconciler's", () => {
    const deny = (method: string, path: string, facts = { space: 'b' }) => {
      const rule = ROUTE_TABLE.find((r) => r.method === method && r.path === path)!;
      const requirement = rule.requirement;
      if (requirement.kind !== 'space' && requirement.kind !== 'admin') throw new Error(`${path} has no deny message`);
      return requirement.deny(facts);
    };
    expect(deny('POST', '/api/actions/connector', { space: 'b', connectorTypeId: '.slack' } as never)).toBe('Unauthorized to create a ".slack" action');
    expect(deny('GET', '/api/actions/connector/:id')).toBe('Unauthorized to get actions');
    expect(deny('GET', '/api/actions/connectors')).toBe('Unauthorized to get actions');
    expect(deny('PUT', '/api/actions/connector/:id')).toBe('Unauthorized to update actions');
    expect(deny('DELETE', '/api/actions/connector/:id')).toBe('Unauthorized to delete actions');
    expect(deny('POST', '/api/actions/connector/:id/_execute')).toBe('Unauthorized to execute actions');
    expect(deny('POST', '/api/reconciler/plans/:id/apply')).toBe('Unauthorized to apply plans in space "b"');
    expect(deny('DELETE', '/api/reconciler/locks/:space')).toBe('Unauthorized to break the lock of space "b"');
  });
});

describe('list visibility', () => {
  const readerOfA = principal({ a: 'read' });
  const everySpace = principal({ '*': 'read' });

  it('shows a record only when every space it touches is readable; a record naming no space only to readers of every space', () => {
    expect(isVisibleTo(readerOfA, { space_id: 'a' })).toBe(true);
    expect(isVisibleTo(readerOfA, { space_id: 'b' })).toBe(false);
    expect(isVisibleTo(readerOfA, { spaces: ['a', 'b'] })).toBe(false);
    expect(isVisibleTo(readerOfA, { action: 'plan.create' })).toBe(false);
    expect(isVisibleTo(everySpace, { action: 'plan.create' })).toBe(true);
  });

  it('filters pages and counts only what is visible when something was hidden', () => {
    const page = { items: [{ space_id: 'a', n: 1 }, { space_id: 'b', n: 2 }, { spaces: ['a'], n: 3 }], total: 40, limit: 3, offset: 0 };
    expect(filterListBody('events', page, readerOfA)).toEqual({ items: [{ space_id: 'a', n: 1 }, { spaces: ['a'], n: 3 }], total: 2, limit: 3, offset: 0 });
    expect(filterListBody('events', page, everySpace)).toEqual(page);
    expect(filterListBody('locks', [{ space_id: 'b' }], readerOfA)).toEqual([]);
  });
});
