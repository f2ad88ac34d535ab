import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { rawSchema } from '../../src/connector-types/validateConnector.js';
import type { JsonObject, JsonValue } from '../../src/model/json.js';

const registry = createConnectorTypeRegistry();
const casesWebhook = {
  createIncidentUrl: 'https://t.example.com/i', createIncidentJson: '{}', createIncidentResponseKey: 'id', getIncidentUrl: 'https://t.example.com/i/1',
  getIncidentResponseExternalTitleKey: 'key', viewIncidentUrl: 'https://t.example.com/b', updateIncidentUrl: 'https://t.example.com/i', updateIncidentJson: '{}',
};
const snowOAuthNulls = { isOAuth: false, userIdentifierValue: null, clientId: null, jwtKeyId: null };

/**
 * The config Kibana stores for what a user declared: the declared keys plus the type's defaults,
 * nothing else. The Terraform provider's defaults table (terraform-provider.md section 3) is the
 * part of it that is not null; the nulls are the nullable fields Kibana stores as null.
 */
describe('withDefaults: the config as Kibana stores it', () => {
  it.each<[string, string, JsonObject, JsonObject]>([
    ['.index', '.index', { index: 'i' }, { index: 'i', refresh: false, executionTimeField: null }],
    ['.email', '.email', { from: 'a@example.com', host: 'smtp.example.com', port: 25 }, {
      from: 'a@example.com', host: 'smtp.example.com', port: 25, service: 'other', hasAuth: true, secure: null, tenantId: null, clientId: null, oauthTokenUrl: null,
    }],
    ['.webhook stores no authType default (Kibana: schema.maybe)', '.webhook', { url: 'https://h.example.com' }, { url: 'https://h.example.com', method: 'post', headers: null, hasAuth: true }],
    ['.webhook without auth gets no authType', '.webhook', { url: 'https://h.example.com', hasAuth: false }, { url: 'https://h.example.com', hasAuth: false, method: 'post', headers: null }],
    ['.cases-webhook', '.cases-webhook', casesWebhook, {
      ...casesWebhook, createIncidentMethod: 'post', getIncidentMethod: 'get', getIncidentJson: null, updateIncidentMethod: 'put', createCommentUrl: null,
      createCommentMethod: null, createCommentJson: null, headers: null, hasAuth: true,
    }],
    ['.servicenow', '.servicenow', { apiUrl: 'https://s.example.com' }, { apiUrl: 'https://s.example.com', ...snowOAuthNulls, usesTableApi: true }],
    ['.servicenow-sir', '.servicenow-sir', { apiUrl: 'https://s.example.com', usesTableApi: false }, { apiUrl: 'https://s.example.com', ...snowOAuthNulls, usesTableApi: false }],
    ['.servicenow-itom', '.servicenow-itom', { apiUrl: 'https://s.example.com' }, { apiUrl: 'https://s.example.com', ...snowOAuthNulls }],
    ['.xmatters', '.xmatters', { configUrl: 'https://x.example.com' }, { configUrl: 'https://x.example.com', usesBasic: true }],
    ['.bedrock', '.bedrock', { apiUrl: 'https://b.example.com' }, { apiUrl: 'https://b.example.com', defaultModel: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }],
    ['.bedrock keeps a declared model', '.bedrock', { apiUrl: 'https://b.example.com', defaultModel: 'm' }, { apiUrl: 'https://b.example.com', defaultModel: 'm' }],
    ['.gemini', '.gemini', { apiUrl: 'https://g.example.com', gcpRegion: 'r', gcpProjectID: 'p' }, { apiUrl: 'https://g.example.com', gcpRegion: 'r', gcpProjectID: 'p', defaultModel: 'gemini-2.5-pro' }],
    ['.gen-ai OpenAI', '.gen-ai', { apiProvider: 'OpenAI', apiUrl: 'https://o.example.com' }, { apiProvider: 'OpenAI', apiUrl: 'https://o.example.com', defaultModel: 'gpt-5-chat' }],
    ['.gen-ai Azure', '.gen-ai', { apiProvider: 'Azure OpenAI', apiUrl: 'https://a.example.com' }, { apiProvider: 'Azure OpenAI', apiUrl: 'https://a.example.com' }],
    ['.gen-ai Other', '.gen-ai', { apiProvider: 'Other', apiUrl: 'https://o.example.com', defaultModel: 'm' }, { apiProvider: 'Other', apiUrl: 'https://o.example.com', defaultModel: 'm' }],
    ['.pagerduty', '.pagerduty', {}, { apiUrl: null }],
    ['.inference', '.inference', { provider: 'openai', taskType: 'completion', inferenceId: 'x' }, { provider: 'openai', taskType: 'completion', inferenceId: 'x', providerConfig: {}, taskTypeConfig: {} }],
    ['.swimlane nested mappings', '.swimlane', { mappings: { alertIdConfig: { id: 'i', key: 'k', name: 'n', fieldType: 't' } } }, {
      mappings: { alertIdConfig: { id: 'i', key: 'k', name: 'n', fieldType: 't' }, ruleNameConfig: null, caseIdConfig: null, caseNameConfig: null, commentsConfig: null, severityConfig: null, descriptionConfig: null },
    }],
    ['.slack', '.slack', {}, {}],
    ['.tines', '.tines', { url: 'https://t.example.com' }, { url: 'https://t.example.com' }],
  ])('%s', (_title, typeId, declared, stored) => {
    expect(registry.withDefaults(typeId, declared)).toEqual(stored);
  });

  it('keeps an explicit value over a default, even a null one', () => {
    expect(registry.withDefaults('.webhook', { url: 'u', method: 'put', authType: null })).toEqual({ url: 'u', method: 'put', authType: null, headers: null, hasAuth: true });
  });
});

describe('withDefaults: laws over every type', () => {
  const types = registry.list();

  it('never drops or changes a declared key, and applying it twice changes nothing', () => {
    for (const type of types) {
      const keys = [...Object.keys(rawSchema(type.configSchemaId).properties ?? {}), 'apiProvider', 'hasAuth', 'unknownKey'];
      const config = fc.dictionary(fc.constantFrom(...keys), fc.jsonValue() as fc.Arbitrary<JsonValue>, { maxKeys: 6 });
      fc.assert(
        fc.property(config, (declared) => {
          const once = registry.withDefaults(type.id, declared);
          expect(once).toMatchObject(declared);
          expect(registry.withDefaults(type.id, once)).toEqual(once);
        }),
        { numRuns: 40 },
      );
    }
  });
});
