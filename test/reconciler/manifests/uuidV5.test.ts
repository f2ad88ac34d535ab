import { describe, expect, it } from 'vitest';
import { defaultConnectorId, KCR_CONNECTOR_ID_NAMESPACE, MANIFEST_VERSIONS, uuidV5 } from '../../../src/reconciler/manifests/index.js';

describe('default connector ids', () => {
  // Expected values computed independently with python3's uuid.uuid5.
  it.each([
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    [KCR_CONNECTOR_ID_NAMESPACE, 'default/ops-slack', 'df6d0887-3bcd-5c7f-80b1-9479eb795275'],
    [KCR_CONNECTOR_ID_NAMESPACE, 'ops/pager', '7bdd74e4-5d29-55f3-923b-2f26fcd90c17'],
  ])('uuidV5(%s, %s) is %s', (namespace, name, expected) => {
    expect(uuidV5(name, namespace)).toBe(expected);
  });

  it('derives the id from space and manifest name, so each space gets its own id', () => {
    expect(defaultConnectorId('default', 'ops-slack')).toBe('df6d0887-3bcd-5c7f-80b1-9479eb795275');
    expect(defaultConnectorId('ops', 'ops-slack')).not.toBe(defaultConnectorId('default', 'ops-slack'));
  });

  it('reads apiVersion kcr/v1 (later versions are added beside it, never instead of it)', () => {
    expect(Object.keys(MANIFEST_VERSIONS)).toContain('kcr/v1');
    expect(MANIFEST_VERSIONS['kcr/v1'].kinds).toEqual(['Connector', 'ConnectorList']);
  });
});
