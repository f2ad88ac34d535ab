import { describe, expect, it } from 'vitest';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import type { JsonObject } from '../../src/model/json.js';
import { actionsSettings } from './fixtures.js';

const registry = createConnectorTypeRegistry();
const CONFIG = 'error validating action type config: ';
const SECRETS = 'error validating action type secrets: ';
const CONNECTOR = 'error validating action type connector: ';
// config-schema's text for an alternative of the .gen-ai union whose apiProvider literal does not match.
const notProvider = (index: number, provider: string): string => `- [${index}.apiProvider]: types that failed validation:\n - [apiProvider.0]: expected value to equal [${provider}]`;
const NOT_AZURE = notProvider(0, 'Azure OpenAI');
const NOT_OPENAI = notProvider(1, 'OpenAI');
const NOT_OTHER = notProvider(2, 'Other');
const WEBHOOK_ONE_OF =
  'must specify one of the following schemas: user and password; crt and key (with optional password); pfx (with optional password); or clientSecret (for OAuth2)';

const smtp = { from: 'alerts@example.com', host: 'smtp.example.com', port: 587 };
const snow = { apiUrl: 'https://demo.service-now.example.com' };
const oauthSnow = { ...snow, isOAuth: true, clientId: 'c', userIdentifierValue: 'u@example.com', jwtKeyId: 'k' };
const casesWebhook = {
  createIncidentUrl: 'https://t.example.com/i', createIncidentJson: '{}', createIncidentResponseKey: 'id', getIncidentUrl: 'https://t.example.com/i/{{{external.system.id}}}',
  getIncidentResponseExternalTitleKey: 'key', viewIncidentUrl: 'https://t.example.com/b', updateIncidentUrl: 'https://t.example.com/i', updateIncidentJson: '{}',
};

describe('validate: valid connectors of every family', () => {
  it.each<[string, string, JsonObject, JsonObject]>([
    ['index', '.index', { index: 'logs' }, {}],
    ['server log', '.server-log', {}, {}],
    ['email over SMTP with auth', '.email', smtp, { user: 'u', password: 'p' }],
    ['email without auth', '.email', { ...smtp, hasAuth: false }, {}],
    ['email on Exchange', '.email', { from: 'a@example.com', service: 'exchange_server', clientId: 'c', tenantId: 't' }, { clientSecret: 's' }],
    ['email on a well-known service', '.email', { from: 'a@example.com', service: 'gmail' }, { user: 'u', password: 'p' }],
    ['webhook, no auth', '.webhook', { url: 'https://h.example.com', hasAuth: false }, {}],
    ['webhook, basic', '.webhook', { url: 'https://h.example.com', authType: 'webhook-authentication-basic' }, { user: 'u', password: 'p' }],
    ['webhook, crt+key+password', '.webhook', { url: 'https://h.example.com', authType: 'webhook-authentication-ssl', certType: 'ssl-crt-key' }, { crt: 'c', key: 'k', password: 'p' }],
    ['webhook, pfx', '.webhook', { url: 'https://h.example.com', authType: 'webhook-authentication-ssl', certType: 'ssl-pfx' }, { pfx: 'x' }],
    ['cases webhook', '.cases-webhook', casesWebhook, { user: 'u', password: 'p' }],
    ['ServiceNow basic', '.servicenow', snow, { username: 'u', password: 'p' }],
    ['ServiceNow OAuth', '.servicenow-sir', oauthSnow, { clientSecret: 's', privateKey: 'k' }],
    ['xMatters basic', '.xmatters', { configUrl: 'https://x.example.com/t', usesBasic: true }, { user: 'u', password: 'p' }],
    ['xMatters URL auth', '.xmatters', { usesBasic: false }, { secretsUrl: 'https://x.example.com/t?apiKey=k' }],
    ['OpenAI', '.gen-ai', { apiProvider: 'OpenAI', apiUrl: 'https://api.example.com/v1' }, { apiKey: 'k' }],
    ['Azure OpenAI', '.gen-ai', { apiProvider: 'Azure OpenAI', apiUrl: 'https://az.example.com/x' }, { apiKey: 'k' }],
    ['OpenAI-compatible with PKI', '.gen-ai', { apiProvider: 'Other', apiUrl: 'https://llm.example.com', defaultModel: 'm' }, { certificateData: 'c', privateKeyData: 'k' }],
    ['Bedrock', '.bedrock', { apiUrl: 'https://bedrock.example.com' }, { accessKey: 'a', secret: 's' }],
    ['Slack webhook', '.slack', {}, { webhookUrl: 'https://hooks.slack.example.com/x' }],
    ['Slack API with channels', '.slack_api', { allowedChannels: [{ id: 'C1', name: '#a' }, { name: '#b' }] }, { token: 't' }],
    ['PagerDuty without apiUrl', '.pagerduty', {}, { routingKey: 'r' }],
    ['Torq', '.torq', { webhookIntegrationUrl: 'https://hooks.eu.torq.io/v1/x' }, { token: 't' }],
    ['Swimlane', '.swimlane', { apiUrl: 'https://s.example.com', appId: 'a', connectorType: 'all', mappings: { alertIdConfig: { id: 'i', key: 'k', name: 'n', fieldType: 'text' } } }, { apiToken: 't' }],
  ])('%s', (_title, typeId, config, secrets) => {
    const result = registry.validate(typeId, config, secrets, actionsSettings());
    expect(result).toMatchObject({ ok: true, secrets });
    if (result.ok) expect(result.config).toEqual(registry.withDefaults(typeId, config));
  });
});

interface Expected {
  pointer: string;
  kibanaMessage: string;
}

describe('validate: invalid connectors give every problem with its pointer and Kibana text', () => {
  it.each<[string, string, JsonObject, JsonObject, Expected[]]>([
    ['missing required key', '.index', {}, {}, [{ pointer: '/config/index', kibanaMessage: `${CONFIG}[index]: expected value of type [string] but got [undefined]` }]],
    ['unknown key', '.index', { index: 'i', shouldNotBeHere: 1 }, {}, [{ pointer: '/config/shouldNotBeHere', kibanaMessage: `${CONFIG}[shouldNotBeHere]: definition for this key is missing` }]],
    ['wrong type', '.email', { ...smtp, port: 'twenty-five' }, { user: 'u', password: 'p' }, [{ pointer: '/config/port', kibanaMessage: `${CONFIG}[port]: types that failed validation:\n- [port.0]: expected value of type [number] but got [string]\n- [port.1]: expected value to equal [null]` }]],
    ['wrong type for a nullable field', '.index', { index: 'i', executionTimeField: 5 }, {}, [
      { pointer: '/config/executionTimeField', kibanaMessage: `${CONFIG}[executionTimeField]: types that failed validation:\n- [executionTimeField.0]: expected value of type [string] but got [number]\n- [executionTimeField.1]: expected value to equal [null]` },
    ]],
    ['port out of range', '.email', { ...smtp, port: 70000 }, { user: 'u', password: 'p' }, [{ pointer: '/config/port', kibanaMessage: `${CONFIG}[port]: types that failed validation:\n- [port.0]: Value must be equal to or lower than [65535].\n- [port.1]: expected value to equal [null]` }]],
    ['unknown secrets key', '.slack', {}, { webhookUrl: 'https://h.example.com', token: 'x' }, [{ pointer: '/secrets/token', kibanaMessage: `${SECRETS}[token]: definition for this key is missing` }]],
    ['config and secrets problems together', '.jira', { apiUrl: 'https://j.example.com' }, { email: 'e' }, [
      { pointer: '/config/projectKey', kibanaMessage: `${CONFIG}[projectKey]: expected value of type [string] but got [undefined]` },
      { pointer: '/secrets/apiToken', kibanaMessage: `${SECRETS}[apiToken]: expected value of type [string] but got [undefined]` },
    ]],
    ['nested mapping key', '.swimlane', { apiUrl: 'https://s.example.com', appId: 'a', connectorType: 'all', mappings: { caseIdConfig: { id: 'i', key: 'k', name: 'n' } } }, { apiToken: 't' }, [
      { pointer: '/config/mappings/caseIdConfig/fieldType', kibanaMessage: `${CONFIG}[mappings.caseIdConfig.fieldType]: expected value of type [string] but got [undefined]` },
    ]],
    ['too many Slack channels', '.slack_api', { allowedChannels: Array.from({ length: 26 }, (_, i) => ({ name: `#c${i}` })) }, { token: 't' }, [
      { pointer: '/config/allowedChannels', kibanaMessage: `${CONFIG}[allowedChannels]: array size is [26], but cannot be greater than [25]` },
    ]],
    ['Azure takes no defaultModel', '.gen-ai', { apiProvider: 'Azure OpenAI', apiUrl: 'https://az.example.com', defaultModel: 'gpt-4o' }, { apiKey: 'k' }, [
      { pointer: '/config/defaultModel', kibanaMessage: `${CONFIG}types that failed validation:\n- [0.defaultModel]: definition for this key is missing\n${NOT_OPENAI}\n${NOT_OTHER}` },
    ]],
    ['Other needs defaultModel', '.gen-ai', { apiProvider: 'Other', apiUrl: 'https://llm.example.com' }, { apiKey: 'k' }, [
      { pointer: '/config/defaultModel', kibanaMessage: `${CONFIG}types that failed validation:\n${NOT_AZURE}\n${NOT_OPENAI}\n- [2.defaultModel]: expected value of type [string] but got [undefined]` },
    ]],
    ['OpenAI needs apiKey', '.gen-ai', { apiProvider: 'OpenAI', apiUrl: 'https://api.example.com' }, {}, [
      { pointer: '/secrets/apiKey', kibanaMessage: `${SECRETS}[apiKey]: expected value of type [string] but got [undefined]` },
    ]],
    ['GenAI URL must be http(s)', '.bedrock', { apiUrl: 'ftp://b.example.com' }, { accessKey: 'a', secret: 's' }, [
      { pointer: '/config/apiUrl', kibanaMessage: `${CONFIG}Error configuring Amazon Bedrock action: Error: URL Error: Invalid protocol` },
    ]],
    ['email service other needs host and port', '.email', { from: 'a@example.com' }, { user: 'u', password: 'p' }, [
      { pointer: '/config/host', kibanaMessage: `${CONFIG}[host]/[port] is required` },
      { pointer: '/config/port', kibanaMessage: `${CONFIG}[host]/[port] is required` },
    ]],
    ['Exchange needs clientId', '.email', { from: 'a@example.com', service: 'exchange_server', tenantId: 't' }, { clientSecret: 's' }, [
      { pointer: '/config/clientId', kibanaMessage: `${CONFIG}[clientId] is required` },
    ]],
    ['unknown email service', '.email', { from: 'a@example.com', service: 'carrier-pigeon' }, {}, [
      { pointer: '/config/service', kibanaMessage: `${CONFIG}[service] value 'carrier-pigeon' is not valid` },
    ]],
    ['email hasAuth (sent) needs user and password', '.email', { ...smtp, hasAuth: true }, {}, [
      { pointer: '/secrets/user', kibanaMessage: `${CONNECTOR}[user] is required` },
      { pointer: '/secrets/password', kibanaMessage: `${CONNECTOR}[password] is required` },
    ]],
    ['Exchange needs clientSecret', '.email', { from: 'a@example.com', service: 'exchange_server', clientId: 'c', tenantId: 't' }, {}, [
      { pointer: '/secrets/clientSecret', kibanaMessage: `${CONNECTOR}[clientSecret] is required` },
    ]],
    ['webhook authType without hasAuth', '.webhook', { url: 'https://h.example.com', hasAuth: false, authType: 'webhook-authentication-basic' }, {}, [
      { pointer: '/config/authType', kibanaMessage: `${CONFIG}error validation webhook action config: authType must be null or undefined if hasAuth is false` },
    ]],
    ['webhook half a credential set', '.webhook', { url: 'https://h.example.com' }, { user: 'u' }, [{ pointer: '/secrets', kibanaMessage: `${SECRETS}${WEBHOOK_ONE_OF}` }]],
    ['webhook two credential sets', '.webhook', { url: 'https://h.example.com' }, { user: 'u', password: 'p', pfx: 'x' }, [{ pointer: '/secrets', kibanaMessage: `${SECRETS}${WEBHOOK_ONE_OF}` }]],
    ['cases webhook hasAuth (sent) with empty secrets', '.cases-webhook', { ...casesWebhook, hasAuth: true }, {}, [{ pointer: '/secrets', kibanaMessage: `${CONNECTOR}must specify a secrets configuration` }]],
    ['ServiceNow without credentials', '.servicenow', snow, {}, [{ pointer: '/secrets', kibanaMessage: `${SECRETS}Either basic auth or OAuth credentials must be specified` }]],
    ['ServiceNow username without password', '.servicenow', snow, { username: 'u' }, [
      { pointer: '/secrets/password', kibanaMessage: `${SECRETS}username and password must both be specified` },
    ]],
    ['ServiceNow OAuth needs its config', '.servicenow', { ...snow, isOAuth: true }, { clientSecret: 's', privateKey: 'k' }, [
      { pointer: '/config/userIdentifierValue', kibanaMessage: `${CONFIG}userIdentifierValue must be provided when isOAuth = true` },
      { pointer: '/config/clientId', kibanaMessage: `${CONFIG}clientId must be provided when isOAuth = true` },
      { pointer: '/config/jwtKeyId', kibanaMessage: `${CONFIG}jwtKeyId must be provided when isOAuth = true` },
    ]],
    ['ServiceNow OAuth config on basic auth', '.servicenow-itom', { ...snow, clientId: 'c' }, { username: 'u', password: 'p' }, [
      { pointer: '/config/clientId', kibanaMessage: `${CONNECTOR}clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey should not be provided with isOAuth = false` },
    ]],
    ['ITOM has no usesTableApi', '.servicenow-itom', { ...snow, usesTableApi: false }, { username: 'u', password: 'p' }, [
      { pointer: '/config/usesTableApi', kibanaMessage: `${CONFIG}[usesTableApi]: definition for this key is missing` },
    ]],
    ['xMatters basic needs configUrl', '.xmatters', { usesBasic: true }, { user: 'u', password: 'p' }, [{ pointer: '/config/configUrl', kibanaMessage: `${CONNECTOR}Provide valid configUrl` }]],
    ['xMatters two ways to authenticate', '.xmatters', { configUrl: 'https://x.example.com' }, { user: 'u', password: 'p', secretsUrl: 'https://x.example.com/k' }, [
      { pointer: '/secrets/secretsUrl', kibanaMessage: `${SECRETS}Cannot use user/password for URL authentication. Provide valid secretsUrl or use Basic Authentication.` },
    ]],
    ['Torq outside torq.io', '.torq', { webhookIntegrationUrl: 'https://hooks.example.com/x' }, { token: 't' }, [
      { pointer: '/config/webhookIntegrationUrl', kibanaMessage: `${CONFIG}error configuring send to Torq action: url must begin with https://hooks.torq.io or https://hooks.eu.torq.io` },
    ]],
  ])('%s', (_title, typeId, config, secrets, expected) => {
    const result = registry.validate(typeId, config, secrets, actionsSettings());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(({ pointer, kibanaMessage }) => ({ pointer, kibanaMessage }))).toEqual(expected);
    for (const issue of result.issues) {
      expect(issue.status).toBe(400);
      expect(issue.message.length).toBeGreaterThan(0);
    }
  });

  it("renders a bad enum as Kibana's list of failed literals, and says what was expected", () => {
    const result = registry.validate('.webhook', { url: 'https://h.example.com', method: 'head' }, {}, actionsSettings());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ pointer: '/config/method', message: 'expected one of [post, put, patch, get, delete] but got [head]' });
    expect(result.issues[0].kibanaMessage).toBe(
      `${CONFIG}[method]: types that failed validation:\n- [method.0]: expected value to equal [post]\n- [method.1]: expected value to equal [put]\n` +
        '- [method.2]: expected value to equal [patch]\n- [method.3]: expected value to equal [get]\n- [method.4]: expected value to equal [delete]',
    );
  });

  it('names the keys a type accepts when it meets an unknown one', () => {
    const result = registry.validate('.index', { index: 'i', indexName: 'x' }, {}, actionsSettings());
    expect(result.ok ? '' : result.issues[0].message).toBe('definition for this key is missing (accepted keys: index, refresh, executionTimeField)');
  });
});

describe("validate: Kibana's number conversion (config-schema numbers accept numeric strings)", () => {
  it.each<[string, string, JsonObject, number | undefined]>([
    ['a port as text', '.email', { ...smtp, port: '587' }, 587],
    ['with spaces around', '.email', { ...smtp, port: ' 465 ' }, 465],
    ['a temperature with a fraction', '.gen-ai', { apiProvider: 'OpenAI', apiUrl: 'https://api.example.com/v1', temperature: '0.2' }, 0.2],
  ])('stores %s as a number', (_label, typeId, config, expected) => {
    const secrets: JsonObject = typeId === '.email' ? { user: 'u', password: 'p' } : { apiKey: 'k' };
    const result = registry.validate(typeId, config, secrets, actionsSettings());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const key = typeId === '.email' ? 'port' : 'temperature';
    expect(result.config[key]).toBe(expected);
    expect(result.declaredConfig[key]).toBe(expected);
    // Defaults stay out of the declared form (the planner adds them).
    expect('hasAuth' in result.declaredConfig).toBe(false);
  });

  it.each<[string, string]>([['twenty-five', 'a word'], ['5 87', 'two numbers'], ['0x1bb', 'hex'], ['587abc', 'a trailing word']])(
    'refuses %s (%s) as Kibana does',
    (port) => {
      const result = registry.validate('.email', { ...smtp, port }, { user: 'u', password: 'p' }, actionsSettings());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues.map((issue) => issue.kibanaMessage)).toEqual([`${CONFIG}[port]: types that failed validation:\n- [port.0]: expected value of type [number] but got [string]\n- [port.1]: expected value to equal [null]`]);
    },
  );

  it('still checks the converted value against the range', () => {
    const result = registry.validate('.email', { ...smtp, port: '70000' }, { user: 'u', password: 'p' }, actionsSettings());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0].kibanaMessage).toBe(`${CONFIG}[port]: types that failed validation:\n- [port.0]: Value must be equal to or lower than [65535].\n- [port.1]: expected value to equal [null]`);
  });

  it('never converts a field that is a string, even when its text is numeric', () => {
    const result = registry.validate('.index', { index: '2024' }, {}, actionsSettings());
    expect(result.ok && result.config.index).toBe('2024');
  });
});

describe("validate: each type's own words for a host that is not allowed (kibana-connector-types.json notes)", () => {
  const onlyOk = actionsSettings({ allowedHosts: ['ok.example.com'] });
  it.each<[string, JsonObject, JsonObject, string]>([
    ['.teams', {}, { webhookUrl: 'https://teams.example.com/hook' }, `${SECRETS}error configuring teams action: target hostname "teams.example.com" is not added to the Kibana config xpack.actions.allowedHosts`],
    ['.pagerduty', {}, { routingKey: 'k' }, `${CONFIG}error configuring pagerduty action: target url "https://events.pagerduty.com/v2/enqueue" is not added to the Kibana config xpack.actions.allowedHosts`],
    ['.servicenow', { apiUrl: 'https://snow.example.com' }, { username: 'u', password: 'p' }, `${CONFIG}error configuring connector action: target url "https://snow.example.com" is not added to the Kibana config xpack.actions.allowedHosts`],
    ['.gen-ai', { apiProvider: 'OpenAI', apiUrl: 'https://api.example.com/v1' }, { apiKey: 'k' }, `${CONFIG}Error configuring OpenAI action: Error: error validating url: target url "https://api.example.com/v1" is not added to the Kibana config xpack.actions.allowedHosts`],
    ['.jira', { apiUrl: 'https://jira.example.com', projectKey: 'P' }, { email: 'e', apiToken: 't' }, `${CONFIG}error configuring connector action: target url "https://jira.example.com" is not added to the Kibana config xpack.actions.allowedHosts`],
  ])('%s', (typeId, config, secrets, kibanaMessage) => {
    const result = registry.validate(typeId, config, secrets, onlyOk);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.kibanaMessage)).toEqual([kibanaMessage]);
  });
});
