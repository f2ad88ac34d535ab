import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { applyBlockers, backoffDelayMs, setSpaceStatuses } from '../../src/reconciler/sources/statusRules.js';
import type { SetDriftResult, SourceState } from '../../src/reconciler/sources/types.js';

function drift(set: string, spaces: Record<string, string[]>, error?: string): SetDriftResult {
  return {
    set, checkedAt: '2026-01-01T00:00:00.000Z', spaces: Object.keys(spaces).sort(),
    drifted: new Map(Object.entries(spaces).map(([space, classes]) => [space, classes.map((driftClass, i) => ({ address: `${space}/c${i}`, driftClass }))])),
    unmanaged: new Map(), error,
  };
}

function source(overrides: Partial<SourceState>): SourceState {
  return {
    name: 'ops', set: 'ops', url: 'file:///r', ref: 'main', path: '.', mode: 'apply', self_heal: false, status: 'Synced', synced_commit: 'abc',
    spaces: ['a'], pending_spaces: [], consecutive_failures: 0, ...overrides,
  };
}

describe('setSpaceStatuses', () => {
  it('says Synced, OutOfSync (drift, with how many and which classes) or Failed per set and space', () => {
    const rows = setSpaceStatuses([drift('ops', { a: [], b: ['config', 'missing'] }), drift('manual', { a: [] }, 'target unreachable')], [source({ spaces: ['a', 'b'] })]);
    expect(rows.map((r) => [r.set, r.space_id, r.status, r.reason])).toEqual([
      ['manual', 'a', 'Failed', 'drift check failed: target unreachable'],
      ['ops', 'a', 'Synced', undefined],
      ['ops', 'b', 'OutOfSync', '2 connector(s) changed outside kcr (config, missing)'],
    ]);
  });

  it("gives every space of a failed source's set the source's reason", () => {
    const rows = setSpaceStatuses([drift('ops', { a: ['config'] })], [source({ status: 'Failed', reason: 'invalid manifests at commit abc' })]);
    expect(rows).toEqual([expect.objectContaining({ space_id: 'a', status: 'Failed', reason: 'source ops: invalid manifests at commit abc', drifted: 1 })]);
  });

  it('is OutOfSync where a plan-mode source has changes not applied, and Unknown before any check', () => {
    const rows = setSpaceStatuses([], [source({ mode: 'plan', status: 'OutOfSync', plan_id: 'pln_1', spaces: ['a', 'b'], pending_spaces: ['b'] }), source({ name: 'new', set: 'new', synced_commit: undefined, status: 'Unknown' })]);
    expect(rows.map((r) => [r.set, r.space_id, r.status])).toEqual([['new', 'a', 'Unknown'], ['ops', 'a', 'Synced'], ['ops', 'b', 'OutOfSync']]);
    expect(rows[2].reason).toBe('plan pln_1 has changes in this space that are not applied (mode plan never applies)');
  });
});

describe('applyBlockers', () => {
  const plan = (errors: Plan['errors'], warnings: Plan['warnings']) => ({ errors, warnings }) as Plan;
  it('stops an unattended apply on plan errors and on deleting or replacing a connector rules use', () => {
    expect(applyBlockers(plan([], [{ code: 'ADOPT_SECRETS_UNKNOWN', message: 'x' }]))).toEqual([]);
    expect(applyBlockers(plan([{ code: 'TOO_MANY_DELETES', message: 'the plan deletes 3' }], [{ code: 'CONNECTOR_IN_USE', message: 'connector default/x is used by 2 rule(s)' }]))).toEqual([
      'TOO_MANY_DELETES: the plan deletes 3', 'CONNECTOR_IN_USE: connector default/x is used by 2 rule(s)',
    ]);
  });
});

describe('backoffDelayMs', () => {
  it.each([[0, 200], [1, 200], [2, 400], [3, 800], [12, 300_000], [1000, 300_000]])('after %i failure(s) of a 200 ms source waits %i ms', (failures, expected) => {
    expect(backoffDelayMs(200, failures)).toBe(expected);
  });
  it('never waits less than the interval, even above the cap', () => {
    expect(backoffDelayMs(600_000, 5)).toBe(600_000);
  });
});
