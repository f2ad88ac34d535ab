import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../../src/model/plan.js';
import { computePlan, PLAN_ERROR_CODES, PLAN_WARNING_CODES, type PlanInput, type PlanOutcome } from '../../../src/reconciler/plan/index.js';
import { actual, converged, desired, entry, planInput } from './fixtures.js';

/** `address actions reason [drift] [secrets]`: one readable line per resource change. */
function describeChange(change: ResourceChange): string {
  const flags = `${change.drift ? ' drift' : ''}${change.secrets_changed ? ' secrets' : ''}`;
  return `${change.address} ${change.change.actions.join('+')} ${change.change.action_reason ?? '-'}${flags}`;
}

interface PlanCase {
  name: string;
  input: PlanInput;
  /** resource_changes, in plan order */
  changes: string[];
  /** operations, in apply order: `kind address` */
  operations: string[];
  errors?: string[];
  check?: (outcome: PlanOutcome) => void;
}

const cases: PlanCase[] = [
  {
    name: 'create: desired, absent from the target and the inventory',
    input: planInput({ desired: [desired('a', { config: { url: 'https://x', headers: null } })] }),
    changes: ['default/a create -'],
    operations: ['create default/a'],
    check: ({ operations, secretsForOperations }) => {
      expect(operations[0].config).toEqual({ url: 'https://x' });
      expect(operations[0].secretsIndex).toBe(0);
      expect(secretsForOperations[0].reveal()).toEqual({ token: 'token-a' });
      expect(operations[0].inventoryAfter?.lastApplied.config).toEqual({ method: 'post', hasAuth: true, url: 'https://x', headers: null });
      expect(operations[0].inventoryAfter?.lastApplied.secretsFingerprint).toBe('fp-a');
      expect(operations[0].inventoryAfter).toMatchObject({ set: 'default', manifestName: 'm-a', planId: 'pln_test' });
    },
  },
  {
    name: 'create_because_missing: in the inventory, deleted outside the set',
    input: planInput({ desired: [desired('a')], inventory: [entry('a')] }),
    changes: ['default/a create create_because_missing drift'],
    operations: ['create default/a'],
  },
  {
    name: 'update: the manifest renamed the connector',
    input: planInput({ ...converged('a'), desired: [desired('a', { name: 'Renamed' })] }),
    changes: ['default/a update update_because_config_changed'],
    operations: ['update default/a'],
    check: ({ plan }) => expect(plan.resource_changes[0].diff).toMatch(/-\s+name: "Connector a"\n\+\s+name: "Renamed"/),
  },
  {
    name: 'update: the manifest changed the config',
    input: planInput({ ...converged('a'), desired: [desired('a', { config: { url: 'https://new' } })] }),
    changes: ['default/a update update_because_config_changed'],
    operations: ['update default/a'],
    check: ({ plan, operations }) => {
      expect(plan.resource_changes[0].diff).toContain('+    url: "https://new"');
      expect(operations[0].config).toEqual({ url: 'https://new' });
    },
  },
  {
    name: 'update: only the secrets changed (fingerprint differs from the last applied one)',
    input: planInput({ ...converged('a'), desired: [desired('a', { secretsFingerprint: 'fp-rotated' })] }),
    changes: ['default/a update update_because_secrets_changed secrets'],
    operations: ['update default/a'],
    check: ({ plan }) => expect(plan.resource_changes[0].diff).toBe(''),
  },
  {
    name: 'no-op: key order, nulls, Kibana defaults and ignored pointers never show as changes',
    input: planInput({
      desired: [desired('a', {
        config: { url: 'https://hooks.example.com/a', headers: { b: '2', a: '1', gone: null }, 'a/b': 'mine', defaultModel: null },
        policy: { protect: false, deletionPolicy: 'Delete', ignoreChanges: ['/a~1b', '/headers/x~0y'] },
      })],
      actual: [actual('a', { config: { 'a/b': 'theirs', hasAuth: true, headers: { a: '1', b: '2', 'x~y': 'z' }, method: 'post', url: 'https://hooks.example.com/a' } })],
      inventory: [entry('a', {}, {
        config: { method: 'post', hasAuth: true, url: 'https://hooks.example.com/a', headers: { a: '1', b: '2', gone: null }, 'a/b': 'mine', defaultModel: null },
        policy: { protect: false, deletionPolicy: 'Delete', ignoreChanges: ['/a~1b', '/headers/x~0y'] },
      })],
    }),
    changes: ['default/a no-op -'],
    operations: [],
    check: ({ plan }) => {
      expect(plan.resource_changes[0].diff).toBe('');
      expect(plan.has_changes).toBe(false);
    },
  },
  {
    name: 'replace: connector_type_id cannot be updated',
    input: planInput({
      desired: [desired('a', { connectorTypeId: '.slack', config: {} })],
      actual: [actual('a')],
      inventory: [entry('a')],
    }),
    changes: ['default/a delete+create replace_because_cannot_update'],
    operations: ['replace default/a'],
    check: ({ plan, operations }) => {
      expect(plan.resource_changes[0].change.replace_paths).toEqual([['connector_type_id']]);
      expect(plan.summary).toMatchObject({ replace: 1, create: 0, delete: 0 });
      expect(operations[0]).toMatchObject({ connectorTypeId: '.slack', config: {}, secretsIndex: 0 });
    },
  },
  {
    name: 'adopt update: an unowned connector differs from its manifest',
    input: planInput({ desired: [desired('a', { name: 'Mine now' })], actual: [actual('a', { secretsFingerprint: 'fp-a' })] }),
    changes: ['default/a update adopt'],
    operations: ['update default/a'],
    check: ({ operations }) => expect(operations[0].inventoryAfter?.set).toBe('default'),
  },
  {
    name: 'adopt: secrets of an unowned connector are unknown, so adopting sends them',
    input: planInput({ desired: [desired('a')], actual: [actual('a')] }),
    changes: ['default/a update adopt secrets'],
    operations: ['update default/a'],
    check: ({ plan }) => expect(plan.warnings.map((w) => `${w.code} ${w.address}`)).toEqual(['ADOPT_SECRETS_UNKNOWN default/a']),
  },
  {
    name: 'adopt no-op: equal, and the target reports the same fingerprint: recorded, nothing sent',
    input: planInput({ desired: [desired('a')], actual: [actual('a', { secretsFingerprint: 'fp-a' })] }),
    changes: ['default/a no-op adopt'],
    operations: ['record default/a'],
    check: ({ plan, operations, secretsForOperations }) => {
      // Taking ownership is a change to apply, as a Terraform import is.
      expect(plan.has_changes).toBe(true);
      expect(operations[0]).toMatchObject({ config: null, secretsIndex: null });
      expect(operations[0].inventoryAfter).toMatchObject({ set: 'default', connectorId: 'a' });
      expect(secretsForOperations).toHaveLength(0);
      expect(plan.warnings).toEqual([]);
    },
  },
  {
    name: 'adopt with another type is refused: kcr never deletes what the set does not own',
    input: planInput({ desired: [desired('a', { connectorTypeId: '.slack' })], actual: [actual('a')] }),
    changes: [],
    operations: [],
    errors: ['ADOPT_REQUIRES_REPLACE default/a'],
  },
  {
    name: 'owned by another set: a plan error naming the connector and the set',
    input: planInput({ desired: [desired('a')], actual: [actual('a')], inventory: [entry('a', { set: 'team-b' })] }),
    changes: [],
    operations: [],
    errors: ['OWNED_BY_OTHER_SET default/a'],
    check: ({ plan }) => expect(plan.errors[0].message).toMatch(/default\/a.*"team-b"/),
  },
  {
    name: 'preconfigured id: never managed by a set',
    input: planInput({ desired: [desired('my-slack')], actual: [actual('my-slack', { isPreconfigured: true, name: 'Preconf' })] }),
    changes: [],
    operations: [],
    errors: ['PRECONFIGURED_CONNECTOR default/my-slack'],
  },
  {
    name: 'system connector id: never managed by a set',
    input: planInput({ desired: [desired('system-connector-.cases')], actual: [actual('system-connector-.cases', { isSystemAction: true })] }),
    changes: [],
    operations: [],
    errors: ['SYSTEM_CONNECTOR default/system-connector-.cases'],
  },
  {
    name: 'delete: owned, no longer declared',
    input: planInput({ ...converged('a'), desired: [desired('b')], actual: [actual('a'), actual('b', { secretsFingerprint: 'fp-b' })], inventory: [entry('a'), entry('b')] }),
    changes: ['default/a delete delete_because_no_resource_config', 'default/b no-op -'],
    operations: ['delete default/a'],
    check: ({ operations }) => expect(operations[0]).toMatchObject({ inventoryAfter: null, config: null, secretsIndex: null }),
  },
  {
    name: 'orphan: deletionPolicy Orphan forgets instead of deleting',
    input: planInput({ ...converged('b'), actual: [actual('a'), actual('b')], inventory: [entry('a', {}, { policy: { protect: false, deletionPolicy: 'Orphan', ignoreChanges: [] } }), entry('b')] }),
    changes: ['default/a forget forget_because_orphan_policy', 'default/b no-op -'],
    operations: ['forget default/a'],
  },
  {
    name: 'forget: owned, not declared and already gone from the target',
    input: planInput({ ...converged('b'), actual: [actual('b')], inventory: [entry('a'), entry('b')] }),
    changes: ['default/a forget - drift', 'default/b no-op -'],
    operations: ['forget default/a'],
    check: ({ plan }) => expect(plan.resource_changes[0].change.before?.name).toBe('Connector a'),
  },
  {
    name: 'protect on delete: the last applied policy protects it even though its manifest is gone',
    input: planInput({ ...converged('b'), actual: [actual('a'), actual('b')], inventory: [entry('a', {}, { policy: { protect: true, deletionPolicy: 'Delete', ignoreChanges: [] } }), entry('b')] }),
    changes: ['default/a delete delete_because_no_resource_config', 'default/b no-op -'],
    operations: ['delete default/a'],
    errors: ['PROTECTED_CONNECTOR default/a'],
    check: ({ plan }) => expect(plan.applyable).toBe(false),
  },
  {
    name: 'protect on replace: the desired policy protects it',
    input: planInput({ desired: [desired('a', { connectorTypeId: '.slack', policy: { protect: true, deletionPolicy: 'Delete', ignoreChanges: [] } })], actual: [actual('a')], inventory: [entry('a')] }),
    changes: ['default/a delete+create replace_because_cannot_update'],
    operations: ['replace default/a'],
    errors: ['PROTECTED_CONNECTOR default/a'],
  },
  {
    name: 'protect on replace: the last applied policy protects it',
    input: planInput({ desired: [desired('a', { connectorTypeId: '.slack' })], actual: [actual('a')], inventory: [entry('a', {}, { policy: { protect: true, deletionPolicy: 'Delete', ignoreChanges: [] } })] }),
    changes: ['default/a delete+create replace_because_cannot_update'],
    operations: ['replace default/a'],
    errors: ['PROTECTED_CONNECTOR default/a'],
  },
  {
    name: 'empty desired state for a set that owns connectors is refused',
    input: planInput({ actual: [actual('a')], inventory: [entry('a')] }),
    changes: ['default/a delete delete_because_no_resource_config'],
    operations: ['delete default/a'],
    errors: ['EMPTY_DESIRED_STATE -'],
  },
  {
    name: 'allowEmpty: the empty desired state deletes what the set owns',
    input: planInput({ actual: [actual('a')], inventory: [entry('a')], options: { allowEmpty: true } }),
    changes: ['default/a delete delete_because_no_resource_config'],
    operations: ['delete default/a'],
  },
  {
    name: 'maxDeletes: more deletes (replaces included) than allowed',
    input: planInput({
      desired: [desired('c', { connectorTypeId: '.slack' })],
      actual: [actual('a'), actual('b'), actual('c')],
      inventory: [entry('a'), entry('b'), entry('c')],
      options: { allowEmpty: false, maxDeletes: 2 },
    }),
    changes: ['default/a delete delete_because_no_resource_config', 'default/b delete delete_because_no_resource_config', 'default/c delete+create replace_because_cannot_update'],
    operations: ['replace default/c', 'delete default/a', 'delete default/b'],
    errors: ['TOO_MANY_DELETES -'],
    check: ({ plan }) => expect(plan.errors[0].message).toContain('deletes 3 connector(s)'),
  },
  {
    name: 'maxDeletes: at the limit is fine',
    input: planInput({ actual: [actual('a'), actual('b')], inventory: [entry('a'), entry('b')], desired: [desired('z')], options: { allowEmpty: false, maxDeletes: 2 } }),
    changes: ['default/a delete delete_because_no_resource_config', 'default/b delete delete_because_no_resource_config', 'default/z create -'],
    operations: ['create default/z', 'delete default/a', 'delete default/b'],
  },
  {
    name: 'drift: changed outside the set, the manifest did not change: update back',
    input: planInput({ ...converged('a'), actual: [actual('a', { config: { url: 'https://edited-in-kibana' } })] }),
    changes: ['default/a update update_because_drift drift'],
    operations: ['update default/a'],
  },
  {
    name: 'drift: the manifest now matches an outside change: no-op, recorded',
    input: planInput({ desired: [desired('a', { name: 'Edited' })], actual: [actual('a', { name: 'Edited' })], inventory: [entry('a')] }),
    changes: ['default/a no-op - drift'],
    operations: ['record default/a'],
    check: ({ operations }) => expect(operations[0].inventoryAfter?.lastApplied.name).toBe('Edited'),
  },
  {
    name: 'drift: the target reports other secrets than kcr applied',
    input: planInput({ ...converged('a'), actual: [actual('a', { secretsFingerprint: 'fp-someone-else' })] }),
    changes: ['default/a update update_because_drift drift secrets'],
    operations: ['update default/a'],
  },
  {
    name: 'missing secrets (imported from saved objects): update to set them',
    input: planInput({ ...converged('a'), actual: [actual('a', { isMissingSecrets: true })] }),
    changes: ['default/a update update_because_missing_secrets drift'],
    operations: ['update default/a'],
    check: ({ plan }) => expect(plan.resource_changes[0].change.before?.is_missing_secrets).toBe(true),
  },
  {
    name: 'scope: only the scope spaces are planned; nothing outside them is created or deleted',
    input: planInput({
      desired: [desired('a'), desired('o', { spaceId: 'other' })],
      actual: [actual('a'), actual('x', { spaceId: 'other' })],
      inventory: [entry('a'), entry('x', { spaceId: 'other' })],
      scopeSpaces: ['default'],
    }),
    changes: ['default/a no-op -'],
    operations: [],
  },
  {
    name: 'unowned connectors the manifests do not mention are never touched',
    input: planInput({ ...converged('a'), actual: [actual('a'), actual('stranger')] }),
    changes: ['default/a no-op -'],
    operations: [],
  },
  {
    name: 'record: a policy change alone is stored in the inventory',
    input: planInput({ ...converged('a'), desired: [desired('a', { policy: { protect: true, deletionPolicy: 'Delete', ignoreChanges: [] } })] }),
    changes: ['default/a no-op -'],
    operations: ['record default/a'],
    check: ({ operations }) => expect(operations[0].inventoryAfter?.lastApplied.policy.protect).toBe(true),
  },
  {
    name: 'record: a manifest renamed (metadata.name) is stored in the inventory',
    input: planInput({ ...converged('a'), desired: [desired('a', { source: { file: 'f.yaml', document: 2, name: 'new-name' } })] }),
    changes: ['default/a no-op -'],
    operations: ['record default/a'],
    check: ({ operations }) => expect(operations[0].inventoryAfter?.manifestName).toBe('new-name'),
  },
  {
    name: 'ordering: by space, then name, then id; creates and updates apply before deletes, forgets last',
    input: planInput({
      desired: [
        desired('u', { spaceId: 'ops', name: 'Zulu' }),
        desired('c', { spaceId: 'default', name: 'Bravo' }),
        desired('k', { spaceId: 'ops', name: 'Alpha' }),
        desired('j', { spaceId: 'ops', name: 'Alpha' }),
      ],
      actual: [actual('u', { spaceId: 'ops' }), actual('d', { name: 'Alpha' }), actual('o', { spaceId: 'ops', name: 'Mike' })],
      inventory: [
        entry('u', { spaceId: 'ops' }, { name: 'Zulu' }),
        entry('d', {}, { name: 'Alpha' }),
        entry('o', { spaceId: 'ops' }, { name: 'Mike', policy: { protect: false, deletionPolicy: 'Orphan', ignoreChanges: [] } }),
      ],
      scopeSpaces: ['ops', 'default'],
      baseSerials: { default: 3, ops: 9 },
    }),
    changes: [
      'default/d delete delete_because_no_resource_config',
      'default/c create -',
      'ops/j create -',
      'ops/k create -',
      'ops/o forget forget_because_orphan_policy',
      'ops/u update update_because_drift drift',
    ],
    operations: ['create default/c', 'create ops/j', 'create ops/k', 'update ops/u', 'delete default/d', 'forget ops/o'],
    check: ({ plan, operations }) => {
      expect(operations.map((op) => op.index)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(plan.summary).toEqual({ create: 3, update: 1, replace: 0, delete: 1, no_op: 0, forget: 1 });
      expect(plan.has_changes).toBe(true);
      expect(plan.spaces).toEqual(['default', 'ops']);
      expect(plan.base_serials).toEqual({ default: 3, ops: 9 });
    },
  },
  {
    name: 'summary and has_changes: a converged set has only no-ops',
    input: planInput({ desired: [desired('a'), desired('b')], actual: [actual('a'), actual('b')], inventory: [entry('a'), entry('b')] }),
    changes: ['default/a no-op -', 'default/b no-op -'],
    operations: [],
    check: ({ plan }) => {
      expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, no_op: 2, forget: 0 });
      expect(plan).toMatchObject({ has_changes: false, applyable: true, errors: [], warnings: [] });
    },
  },
  {
    name: 'warning: deleting a connector that rules use',
    input: planInput({ ...converged('b'), actual: [actual('a', { referencedByCount: 4 }), actual('b')], inventory: [entry('a'), entry('b')] }),
    changes: ['default/a delete delete_because_no_resource_config', 'default/b no-op -'],
    operations: ['delete default/a'],
    check: ({ plan }) => {
      expect(plan.warnings).toEqual([expect.objectContaining({ code: 'CONNECTOR_IN_USE', address: 'default/a' })]);
      expect(plan.warnings[0].message).toContain('4 rule(s)');
      expect(plan.applyable).toBe(true);
    },
  },
];

describe('computePlan', () => {
  it.each(cases)('$name', ({ input, changes, operations, errors = [], check }) => {
    const outcome = computePlan(input);
    expect(outcome.plan.resource_changes.map(describeChange)).toEqual(changes);
    expect(outcome.operations.map((op) => `${op.kind} ${op.spaceId}/${op.connectorId}`)).toEqual(operations);
    expect(outcome.plan.errors.map((e) => `${e.code} ${e.address ?? '-'}`)).toEqual(errors);
    expect(outcome.plan.applyable).toBe(errors.length === 0);
    // Every code a plan can carry is catalogued, so the documentation can list them all.
    for (const error of outcome.plan.errors) expect(Object.keys(PLAN_ERROR_CODES)).toContain(error.code);
    for (const warning of outcome.plan.warnings) expect(Object.keys(PLAN_WARNING_CODES)).toContain(warning.code);
    check?.(outcome);
  });

  it('is deterministic: the same input gives the same plan and operations', () => {
    const input = cases[cases.length - 3].input;
    expect(JSON.stringify(computePlan(input))).toBe(JSON.stringify(computePlan(structuredCloneInput(input))));
  });

  it('sees a config changed in place between two plans (nothing is cached across plans)', () => {
    const input = planInput(converged('a'));
    expect(computePlan(input).plan.has_changes).toBe(false);
    input.desired[0].config.url = 'https://changed';
    expect(computePlan(input).plan.resource_changes.map(describeChange)).toEqual(['default/a update update_because_config_changed']);
  });

  it('shows secrets only as "(sensitive)" and marks both sides sensitive', () => {
    const { plan } = computePlan(planInput({ ...converged('a'), desired: [desired('a', { name: 'New' })] }));
    const { change } = plan.resource_changes[0];
    expect(change.before?.secrets).toBe('(sensitive)');
    expect(change.after?.secrets).toBe('(sensitive)');
    expect(change).toMatchObject({ before_sensitive: { secrets: true }, after_sensitive: { secrets: true } });
    expect(plan.resource_changes[0].diff).not.toContain('secrets');
  });

  it('creates have no before, deletes no after', () => {
    const { plan } = computePlan(planInput({ desired: [desired('b')], actual: [actual('a')], inventory: [entry('a')] }));
    const [deleted, created] = plan.resource_changes;
    expect(deleted.change).toMatchObject({ after: null, after_sensitive: false, before: { connector_id: 'a' } });
    expect(created.change).toMatchObject({ before: null, before_sensitive: false, after: { connector_id: 'b', config: { method: 'post' } } });
    expect(created.manifest).toEqual({ file: 'manifests/default/b.yaml', document: 0, name: 'm-b' });
    expect(deleted.manifest).toBeNull();
  });

  it('fills the plan header from its inputs', () => {
    const { plan } = computePlan(planInput({ ...converged('a') }));
    expect(plan).toMatchObject({ format_version: '1.0', plan_id: 'pln_test', created_at: '2026-11-29T06:00:00.000Z', set: 'default', target: 'embedded' });
    expect(plan.desired_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

/** SecretValue is a class: a structured clone would lose it, so clone everything else. */
function structuredCloneInput(input: PlanInput): PlanInput {
  return { ...input, desired: input.desired.map((d) => ({ ...d, config: structuredClone(d.config) })), actual: structuredClone(input.actual), inventory: structuredClone(input.inventory) };
}
