import { describe, expect, it } from 'vitest';
import { computeDesiredDigest } from '../../../src/reconciler/plan/index.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { desired } from './fixtures.js';

describe('computeDesiredDigest', () => {
  it('does not depend on document order, config key order, nulls, file or labels', () => {
    const fromYaml = [desired('a', { config: { url: 'u', headers: { x: '1', y: '2' } } }), desired('b')];
    const fromJson = [
      desired('b', { source: { file: 'all.json', document: 1, name: 'm-b' }, labels: { team: 'ops' } }),
      desired('a', { config: { headers: { y: '2', x: '1' }, url: 'u', proxy: null }, source: { file: 'all.json', document: 0, name: 'm-a' } }),
    ];
    expect(computeDesiredDigest(fromJson)).toBe(computeDesiredDigest(fromYaml));
    expect(computeDesiredDigest(fromYaml)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with name, type, config, secrets fingerprint and policy', () => {
    const base = computeDesiredDigest([desired('a')]);
    const variants = [
      desired('a', { name: 'Other' }),
      desired('a', { connectorTypeId: '.slack' }),
      desired('a', { config: { url: 'v' } }),
      desired('a', { secretsFingerprint: 'fp-new' }),
      desired('a', { policy: { protect: true, deletionPolicy: 'Delete', ignoreChanges: [] } }),
      desired('a', { policy: { protect: false, deletionPolicy: 'Orphan', ignoreChanges: [] } }),
      desired('a', { policy: { protect: false, deletionPolicy: 'Delete', ignoreChanges: ['/x'] } }),
      desired('a', { spaceId: 'ops' }),
    ];
    for (const variant of variants) expect(computeDesiredDigest([variant])).not.toBe(base);
  });

  it('uses the fingerprint, not the secret values', () => {
    const one = desired('a', { secrets: new SecretValue({ token: 'one' }) });
    const two = desired('a', { secrets: new SecretValue({ token: 'two' }) });
    expect(computeDesiredDigest([one])).toBe(computeDesiredDigest([two]));
  });
});
