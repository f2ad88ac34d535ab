import { describe, expect, it } from 'vitest';
import { ConnectorTypeRegistry, createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { BUILT_IN_CONNECTOR_TYPES } from '../../src/connector-types/definitions/index.js';
import { renderConnectorTypes } from '../../src/connector-types/renderTypesTable.js';
import { KcrError } from '../../src/errors.js';
import { actionsSettings } from './fixtures.js';

const EXPECTED_CATEGORIES: Record<string, string[]> = {
  'Generative AI': ['.bedrock', '.gemini', '.gen-ai', '.inference'],
  'Elastic Stack': ['.cases', '.index', '.observability-ai-assistant', '.server-log'],
  'Alerting and case management': [
    '.cases-webhook', '.crowdstrike', '.d3security', '.email', '.jira', '.jira-service-management', '.microsoft_defender_endpoint',
    '.opsgenie', '.pagerduty', '.resilient', '.sentinelone', '.servicenow', '.servicenow-itom', '.servicenow-sir', '.slack',
    '.slack_api', '.swimlane', '.teams', '.thehive', '.tines', '.torq', '.webhook', '.xmatters', '.xsoar',
  ],
};

describe('ConnectorTypeRegistry', () => {
  const registry = createConnectorTypeRegistry();

  it('registers all 32 built-in types, each in its Kibana category', () => {
    const types = registry.list();
    expect(types).toHaveLength(32);
    for (const [category, ids] of Object.entries(EXPECTED_CATEGORIES)) {
      expect(types.filter((type) => type.category === category).map((type) => type.id)).toEqual(ids);
    }
  });

  it('marks only .cases and .observability-ai-assistant as system action types', () => {
    expect(registry.list().filter((type) => type.isSystemActionType).map((type) => type.id)).toEqual(['.cases', '.observability-ai-assistant']);
  });

  it('answers the Kibana facts of a type: name, license, features, sub-feature and schema ids', () => {
    expect(registry.get('.sentinelone')).toEqual({
      id: '.sentinelone',
      name: 'Sentinel One',
      category: 'Alerting and case management',
      minimumLicense: 'enterprise',
      supportedFeatureIds: ['endpointSecurity'],
      isSystemActionType: false,
      subFeature: 'endpointSecurity',
      configSchemaId: 'https://kcr.dev/schemas/connector-types/.sentinelone/config.json',
      secretsSchemaId: 'https://kcr.dev/schemas/connector-types/.sentinelone/secrets.json',
    });
    expect(registry.get('.index')).toMatchObject({ name: 'Index', minimumLicense: 'basic', supportedFeatureIds: ['alerting', 'uptime', 'siem'] });
  });

  it('hands out copies, so a caller cannot change the registry', () => {
    registry.get('.slack')!.supportedFeatureIds.push('hacked');
    expect(registry.get('.slack')!.supportedFeatureIds).toEqual(['alerting', 'uptime', 'siem']);
  });

  it('throws when a type id is registered twice', () => {
    const fresh = new ConnectorTypeRegistry();
    fresh.register(BUILT_IN_CONNECTOR_TYPES[0]);
    expect(() => fresh.register({ ...BUILT_IN_CONNECTOR_TYPES[0] })).toThrow('connector type ".bedrock" is already registered');
  });

  it('refuses a definition whose schema is not under schemas/', () => {
    const fresh = new ConnectorTypeRegistry();
    expect(() => fresh.register({ ...BUILT_IN_CONNECTOR_TYPES[0], id: '.nope', configSchemaId: 'https://kcr.dev/schemas/connector-types/.nope/config.json' })).toThrow(/no JSON Schema/);
  });

  it("answers Kibana's 400 for an unknown type", () => {
    expect(registry.get('.mcp')).toBeUndefined();
    expect(registry.validate('.mcp', {}, {}, actionsSettings())).toEqual({
      ok: false,
      issues: [{ pointer: '/connector_type_id', message: expect.stringContaining('not registered'), kibanaMessage: 'Action type ".mcp" is not registered.', status: 400 }],
    });
    const error = (() => {
      try {
        registry.require('.mcp');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(KcrError);
    expect(error).toMatchObject({ code: 'CONNECTOR_TYPE_NOT_REGISTERED', status: 400, message: 'Action type ".mcp" is not registered.' });
  });

  it('keeps the config of an unknown type as it is, so actual state from a newer Kibana still reads', () => {
    expect(registry.withDefaults('.mcp', { url: 'https://x.example.com' })).toEqual({ url: 'https://x.example.com' });
    expect(registry.isDeprecated('.mcp', {})).toBe(false);
  });

  it.each([
    ['.servicenow', { apiUrl: 'https://x.example.com' }, true],
    ['.servicenow', { apiUrl: 'https://x.example.com', usesTableApi: true }, true],
    ['.servicenow', { apiUrl: 'https://x.example.com', usesTableApi: false }, false],
    ['.servicenow-sir', { apiUrl: 'https://x.example.com' }, true],
    ['.servicenow-itom', { apiUrl: 'https://x.example.com' }, false],
    ['.webhook', { url: 'https://x.example.com' }, false],
  ])('is_deprecated of %s with %j is %s', (typeId, config, expected) => {
    expect(registry.isDeprecated(typeId, config)).toBe(expected);
  });

  it('lists the fields that are checked against allowedHosts', () => {
    expect(registry.allowedHostsFields('.slack')).toEqual([
      { part: 'secrets', key: 'webhookUrl', check: 'parsed', prefix: 'error configuring slack action: ', parseError: 'error configuring slack action: unable to parse host name from webhookUrl' },
    ]);
    // Email checks its hosts in its own validator (host, a service's host, oauthTokenUrl), with its own words.
    expect(registry.allowedHostsFields('.email')).toEqual([]);
    expect(registry.allowedHostsFields('.index')).toEqual([]);
  });
});

describe('renderConnectorTypes', () => {
  const text = renderConnectorTypes(createConnectorTypeRegistry().list());

  it('groups the types by category in Kibana order, with a count', () => {
    const headings = text.split('\n').filter((line) => /^\S/.test(line));
    expect(headings).toEqual(['Generative AI (4)', 'Elastic Stack (4)', 'Alerting and case management (24)']);
  });

  it('prints one line per type with id, name, minimum license and feature ids', () => {
    expect(text).toMatch(/^ {2}\.gen-ai +OpenAI +enterprise +generativeAIForSecurity, generativeAIForObservability, generativeAIForSearchPlayground$/m);
    expect(text).toMatch(/^ {2}\.cases +Cases \(system\) +platinum +alerting, uptime, siem$/m);
    expect(text.split('\n').filter((line) => line.startsWith('  .'))).toHaveLength(32);
  });
});
