import { describe, expect, it } from 'vitest';
import type { ActualConnector } from '../../../src/model/connector.js';
import { DEFAULT_POLICY } from '../../../src/model/desired.js';
import type { InventoryEntry } from '../../../src/model/inventory.js';
import type { JsonObject } from '../../../src/model/json.js';
import { computeDrift, renderDriftText, type DriftInput } from '../../../src/reconciler/drift/index.js';

// Kibana's webhook default, so the tests show that defaults the target filled in are not drift.
const withDefaults = (typeId: string, config: JsonObject): JsonObject => (typeId === '.webhook' ? { hasAuth: true, ...config } : { ...config });

function entry(id: string, overrides: Partial<InventoryEntry['lastApplied']> = {}, set = 'ops', spaceId = 'default'): InventoryEntry {
  return {
    set, spaceId, connectorId: id, manifestName: `m-${id}`, appliedAt: '2026-01-01T00:00:00.000Z', planId: 'pln_1',
    lastApplied: { name: `Hook ${id}`, connectorTypeId: '.webhook', config: { url: `https://x/${id}` }, secretsFingerprint: 'fp-1', policy: DEFAULT_POLICY, ...overrides },
  };
}

function actual(id: string, overrides: Partial<ActualConnector> = {}, spaceId = 'default'): ActualConnector {
  return {
    spaceId, id, name: `Hook ${id}`, connectorTypeId: '.webhook', config: { url: `https://x/${id}`, hasAuth: true },
    isPreconfigured: false, isDeprecated: false, isMissingSecrets: false, isSystemAction: false, secretsFingerprint: 'fp-1', ...overrides,
  };
}

function input(inventory: InventoryEntry[], actualState: ActualConnector[], scopeSpaces = ['default']): DriftInput {
  return { reportId: 'drf_1', createdAt: '2026-01-02T00:00:00.000Z', set: 'ops', target: 'embedded', scopeSpaces, actual: actualState, inventory, serials: { default: 4 }, withDefaults };
}

describe('computeDrift', () => {
  it('reports nothing when every owned connector is what kcr last applied (defaults and key order aside)', () => {
    const report = computeDrift(input([entry('a')], [actual('a', { config: { hasAuth: true, url: 'https://x/a' } })]));
    expect(report.refresh_only).toBe(true);
    expect(report.applyable).toBe(false);
    expect(report.has_changes).toBe(false);
    expect(report.resource_changes).toHaveLength(1);
    expect(report.resource_changes[0]).toMatchObject({ drift: false, change: { actions: ['no-op'] } });
    expect(report.resource_changes[0].drift_class).toBeUndefined();
    expect(renderDriftText(report)).toContain('No drift. 1 connector(s) of set "ops" match what kcr last applied.');
  });

  it.each([
    ['config', 'config edited outside', actual('a', { config: { url: 'https://elsewhere' } }), ['update']],
    ['config', 'renamed outside', actual('a', { name: 'Renamed' }), ['update']],
    ['secrets', 'secrets replaced through the Kibana API', actual('a', { secretsFingerprint: 'fp-2' }), ['update']],
    ['missing_secrets', 'lost its secrets', actual('a', { isMissingSecrets: true, secretsFingerprint: undefined }), ['update']],
    ['missing', 'deleted outside', undefined, ['delete']],
  ] as const)('classifies %s (%s)', (driftClass, _why, current, actions) => {
    const report = computeDrift(input([entry('a')], current ? [current] : []));
    const [change] = report.resource_changes;
    expect(report.has_changes).toBe(true);
    expect(change).toMatchObject({ address: 'default/a', drift: true, drift_class: driftClass, change: { actions: [...actions] } });
    expect(change.change.before?.name).toBe('Hook a');
    expect(renderDriftText(report)).toContain(`[${driftClass}]`);
  });

  it('shows the edited field in the diff and never a secret value', () => {
    const report = computeDrift(input([entry('a')], [actual('a', { config: { url: 'https://elsewhere', hasAuth: true } })]));
    const text = renderDriftText(report);
    expect(report.resource_changes[0].diff).toContain('https://elsewhere');
    expect(text).toContain('https://elsewhere');
    expect(text).toContain('Drift: 1 connector(s) drifted (1 config); 0 unchanged.');
    expect(JSON.stringify(report)).not.toContain('fp-1');
  });

  it('honours the last applied ignoreChanges pointers', () => {
    const policy = { ...DEFAULT_POLICY, ignoreChanges: ['/url'] };
    const report = computeDrift(input([entry('a', { policy })], [actual('a', { config: { url: 'https://edited', hasAuth: true } })]));
    expect(report.resource_changes[0].drift).toBe(false);
  });

  it('lists unmanaged connectors of the scope spaces, but not preconfigured, system, other sets\' or out-of-scope ones', () => {
    const report = computeDrift(
      input(
        [entry('a'), entry('b', {}, 'other-set')],
        [
          actual('a'), actual('b'), actual('stray', { name: 'Stray' }),
          actual('pre', { isPreconfigured: true }), actual('sys', { isSystemAction: true }), actual('far', {}, 'elsewhere'),
        ],
      ),
    );
    expect(report.resource_changes.map((c) => [c.address, c.drift_class ?? null])).toEqual([
      ['default/a', null],
      ['default/stray', 'unmanaged'],
    ]);
    expect(report.summary).toMatchObject({ no_op: 2, update: 0, delete: 0 });
  });

  it('orders changes by space then name, and is deterministic', () => {
    const inventory = [entry('z', { name: 'Alpha' }, 'ops', 'team'), entry('y', { name: 'Beta' }), entry('x', { name: 'Alpha' })];
    const state = [actual('z', { name: 'Alpha' }, 'team'), actual('y', { name: 'Beta' }), actual('x', { name: 'Alpha' })];
    const report = computeDrift(input(inventory, state, ['team', 'default']));
    expect(report.resource_changes.map((c) => c.address)).toEqual(['default/x', 'default/y', 'team/z']);
    expect(report.spaces).toEqual(['default', 'team']);
    expect(computeDrift(input(inventory, state, ['team', 'default']))).toEqual(report);
  });

  it('warns when the target cannot report secret fingerprints (Kibana)', () => {
    const report = computeDrift(input([entry('a')], [actual('a', { secretsFingerprint: undefined })]));
    expect(report.resource_changes[0].drift).toBe(false);
    expect(report.warnings.map((w) => w.code)).toEqual(['SECRETS_DRIFT_UNKNOWN']);
  });
});
