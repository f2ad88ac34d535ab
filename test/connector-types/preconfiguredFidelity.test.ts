import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preconfiguredWarnings } from '../../src/config/preconfiguredIssues.js';
import type { PreconfiguredConnectorConfig } from '../../src/config/types.js';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { createTestApp, type TestApp } from '../helpers/createTestApp.js';
import { actionsSettings } from './fixtures.js';
import { KIBANA_CASES } from './kibanaCases.js';

/*
 * The connectors of test/connector-types/kibanaCases.ts as preconfigured connectors: each one
 * Kibana accepts is served without a warning, and each one Kibana's validators refuse is still
 * served (Kibana starts with it) with a warning that names it.
 */
const registry = createConnectorTypeRegistry();
const accepted: Record<string, PreconfiguredConnectorConfig> = {};
const refused: Record<string, PreconfiguredConnectorConfig> = {};
for (const typeCase of KIBANA_CASES) {
  typeCase.accepted.forEach((item, index) => {
    accepted[`${typeCase.typeId.slice(1)}-ok-${index}`] = { actionTypeId: typeCase.typeId, name: item.title, config: item.config, secrets: item.secrets };
  });
  typeCase.refusals.forEach((item, index) => {
    if (!item.allowedHosts) refused[`${typeCase.typeId.slice(1)}-bad-${index}`] = { actionTypeId: typeCase.typeId, name: item.title, config: item.config, secrets: item.secrets };
  });
}

describe('preconfigured connectors, type by type', () => {
  it('gives no warning for any connector Kibana accepts', () => {
    expect(preconfiguredWarnings(accepted, actionsSettings(), registry)).toEqual([]);
  });

  it.each(Object.entries(refused))('warns about %s, naming it', (id, connector) => {
    const warnings = preconfiguredWarnings({ [id]: connector }, actionsSettings(), registry);
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect(warning.path.startsWith(`/preconfigured/${id}`)).toBe(true);
      expect(warning.message.startsWith(`preconfigured connector "${id}": `)).toBe(true);
    }
  });
});

describe('the API serves them all', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ preconfigured: { ...accepted, ...refused } });
  });
  afterAll(() => t.cleanup());

  it('lists every preconfigured connector, accepted or not, as Kibana does', async () => {
    const listed = await request(t.app).get('/api/actions/connectors').expect(200);
    const ids = (listed.body as Array<{ id: string; is_preconfigured: boolean }>).filter((c) => c.is_preconfigured).map((c) => c.id);
    expect(ids.sort()).toEqual(Object.keys({ ...accepted, ...refused }).sort());
  });
});
