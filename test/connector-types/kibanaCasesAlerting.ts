import type { JsonObject } from '../../src/model/json.js';
import { CONFIG, CONNECTOR, eachRequired, NOT_ADDED, ONLY_OK, SECRETS, type TypeCase } from './kibanaCaseHelpers.js';

/** A type whose connector is a few required strings, checked with `urlAllowListValidator` or the case connectors' words. */
function simpleCase(typeId: string, config: JsonObject, secrets: JsonObject, stored: JsonObject, urlKey: string, urlPrefix: string): TypeCase {
  const base = { config, secrets };
  return {
    typeId,
    accepted: [{ title: 'minimal', config, secrets, stored }],
    refusals: [
      ...eachRequired('config', base, Object.keys(config)),
      ...eachRequired('secrets', base, Object.keys(secrets)),
      { title: `${urlKey} not allowed`, config, secrets, allowedHosts: ONLY_OK, message: `${CONFIG}${urlPrefix}target url "${String(config[urlKey])}" ${NOT_ADDED}` },
    ],
  };
}

const SUB_ACTION = 'error validating url: ';
const CASES = 'error configuring connector action: ';
const WEBHOOK = 'error validation webhook action config: ';
const WEBHOOK_ONE_OF =
  'must specify one of the following schemas: user and password; crt and key (with optional password); pfx (with optional password); or clientSecret (for OAuth2)';

const webhook = { url: 'https://hooks.example.com/x' };
const WEBHOOK_CASE: TypeCase = {
  typeId: '.webhook',
  accepted: [
    { title: 'minimal (no authType is stored)', config: webhook, secrets: {}, stored: { ...webhook, method: 'post', headers: null, hasAuth: true } },
    { title: 'basic auth', config: { ...webhook, authType: 'webhook-authentication-basic' }, secrets: { user: 'u', password: 'p' }, stored: { ...webhook, authType: 'webhook-authentication-basic', method: 'post', headers: null, hasAuth: true } },
  ],
  refusals: [
    ...eachRequired('config', { config: webhook, secrets: {} }, ['url']),
    { title: 'a URL that does not parse', config: { url: 'not a url' }, secrets: {}, message: `${CONFIG}${WEBHOOK}unable to parse url: TypeError: Invalid URL` },
    { title: 'url not allowed', config: webhook, secrets: {}, allowedHosts: ONLY_OK, message: `${CONFIG}${WEBHOOK}target url "https://hooks.example.com/x" ${NOT_ADDED}` },
    { title: 'authType with hasAuth false', config: { ...webhook, hasAuth: false, authType: 'webhook-authentication-basic' }, secrets: {}, message: `${CONFIG}${WEBHOOK}authType must be null or undefined if hasAuth is false` },
    { title: 'OAuth2 without its fields', config: { ...webhook, authType: 'webhook-oauth2-client-credentials' }, secrets: { clientSecret: 's' }, message: `${CONFIG}${WEBHOOK}missing Access Token URL (accessTokenUrl), Client ID (clientId) fields` },
    { title: 'additionalFields not an object', config: { ...webhook, additionalFields: '[1]' }, secrets: {}, message: `${CONFIG}${WEBHOOK}additionalFields must be a non-empty JSON object.` },
    {
      title: 'an authType Kibana up to 9.2 does not know',
      config: { ...webhook, authType: 'http-authentication-query-param' },
      secrets: {},
      message:
        `${CONFIG}[authType]: types that failed validation:\n- [authType.0]: expected value to equal [webhook-authentication-basic]\n` +
        '- [authType.1]: expected value to equal [webhook-authentication-ssl]\n- [authType.2]: expected value to equal [webhook-oauth2-client-credentials]\n' +
        '- [authType.3]: expected value to equal [null]',
    },
    { title: 'user without password', config: webhook, secrets: { user: 'u' }, message: `${SECRETS}${WEBHOOK_ONE_OF}` },
    { title: 'two credential sets', config: webhook, secrets: { user: 'u', password: 'p', pfx: 'x' }, message: `${SECRETS}${WEBHOOK_ONE_OF}` },
  ],
};

const casesWebhook = {
  createIncidentUrl: 'https://t.example.com/i', createIncidentJson: '{}', createIncidentResponseKey: 'id', getIncidentUrl: 'https://t.example.com/i/{{{external.system.id}}}',
  getIncidentResponseExternalTitleKey: 'key', viewIncidentUrl: 'https://t.example.com/b', updateIncidentUrl: 'https://t.example.com/i', updateIncidentJson: '{}',
};
const CASES_WEBHOOK: TypeCase = {
  typeId: '.cases-webhook',
  accepted: [
    {
      title: 'minimal (no authType stored, createCommentMethod null)',
      config: casesWebhook,
      secrets: { user: 'u', password: 'p' },
      stored: {
        ...casesWebhook, createIncidentMethod: 'post', getIncidentMethod: 'get', getIncidentJson: null, updateIncidentMethod: 'put', createCommentUrl: null,
        createCommentMethod: null, createCommentJson: null, headers: null, hasAuth: true,
      },
    },
  ],
  refusals: [
    ...eachRequired('config', { config: casesWebhook, secrets: {} }, Object.keys(casesWebhook)),
    { title: 'OAuth2', config: { ...casesWebhook, authType: 'webhook-oauth2-client-credentials' }, secrets: {}, message: `${CONFIG}OAuth2 authentication is not supported for cases webhook connector` },
    { title: 'a URL that does not parse', config: { ...casesWebhook, viewIncidentUrl: 'nope' }, secrets: {}, message: `${CONFIG}error configuring cases webhook action: unable to parse nope: TypeError: Invalid URL` },
    { title: 'a URL not allowed', config: casesWebhook, secrets: {}, allowedHosts: ONLY_OK, message: `${CONFIG}error configuring cases webhook action: target url "https://t.example.com/i" ${NOT_ADDED}` },
    { title: 'hasAuth sent as true with empty secrets', config: { ...casesWebhook, hasAuth: true }, secrets: {}, message: `${CONNECTOR}must specify a secrets configuration` },
  ],
};

const XMATTERS: TypeCase = {
  typeId: '.xmatters',
  accepted: [
    { title: 'basic auth', config: { configUrl: 'https://x.example.com/t', usesBasic: true }, secrets: { user: 'u', password: 'p' }, stored: { configUrl: 'https://x.example.com/t', usesBasic: true } },
    { title: 'URL auth', config: { usesBasic: false }, secrets: { secretsUrl: 'https://x.example.com/t?apiKey=k' }, stored: { configUrl: null, usesBasic: false } },
  ],
  refusals: [
    { title: 'no credentials', config: { usesBasic: false }, secrets: {}, message: `${SECRETS}Provide either secretsUrl link or user/password to authenticate` },
    { title: 'user without password', config: { usesBasic: true, configUrl: 'https://x.example.com/t' }, secrets: { user: 'u' }, message: `${SECRETS}Both user and password must be specified.` },
    {
      title: 'secretsUrl with user',
      config: { usesBasic: false },
      secrets: { secretsUrl: 'https://x.example.com/t', user: 'u' },
      message: `${SECRETS}Cannot use user/password for URL authentication. Provide valid secretsUrl or use Basic Authentication.`,
    },
    { title: 'basic auth without configUrl', config: { usesBasic: true }, secrets: { user: 'u', password: 'p' }, message: `${CONNECTOR}Provide valid configUrl` },
    { title: 'usesBasic not sent, with user and password', config: { configUrl: 'https://x.example.com/t' }, secrets: { user: 'u', password: 'p' }, message: `${CONNECTOR}Username and password should not be provided when usesBasic is false` },
    { title: 'configUrl not allowed', config: { usesBasic: true, configUrl: 'https://x.example.com/t' }, secrets: { user: 'u', password: 'p' }, allowedHosts: ONLY_OK, message: `${CONFIG}Error configuring xMatters action: target url "https://x.example.com/t" ${NOT_ADDED}` },
  ],
};

const slackLike = (typeId: string, type: string): TypeCase => ({
  typeId,
  accepted: [{ title: 'minimal', config: {}, secrets: { webhookUrl: 'https://hooks.example.com/services/T/B/x' }, stored: {} }],
  refusals: [
    ...eachRequired('secrets', { config: {}, secrets: { webhookUrl: 'x' } }, ['webhookUrl']),
    { title: 'a webhookUrl that does not parse', config: {}, secrets: { webhookUrl: 'fee-fi-fo-fum' }, message: `${SECRETS}error configuring ${type} action: unable to parse host name from webhookUrl` },
  ],
});

const genAiHost = (title: string) => `Error configuring ${title} action: Error: `;
const OPENAI = { apiProvider: 'OpenAI', apiUrl: 'https://api.example.com/v1/chat/completions' };
const GEN_AI: TypeCase = {
  typeId: '.gen-ai',
  accepted: [
    { title: 'OpenAI (default model stored)', config: OPENAI, secrets: { apiKey: 'k' }, stored: { ...OPENAI, defaultModel: 'gpt-5-chat' } },
    { title: 'Azure OpenAI', config: { apiProvider: 'Azure OpenAI', apiUrl: 'https://az.example.com/x' }, secrets: { apiKey: 'k' }, stored: { apiProvider: 'Azure OpenAI', apiUrl: 'https://az.example.com/x' } },
    { title: 'Other (no verificationMode stored)', config: { apiProvider: 'Other', apiUrl: 'https://llm.example.com', defaultModel: 'm' }, secrets: { apiKey: 'k' }, stored: { apiProvider: 'Other', apiUrl: 'https://llm.example.com', defaultModel: 'm' } },
  ],
  refusals: [
    {
      title: 'apiProvider missing',
      config: { apiUrl: OPENAI.apiUrl },
      secrets: { apiKey: 'k' },
      message: `${CONFIG}types that failed validation:\n${[0, 1, 2].map((i) => `- [${i}.apiProvider]: expected at least one defined value but got [undefined]`).join('\n')}`,
    },
    {
      title: 'apiUrl missing',
      config: { apiProvider: 'OpenAI' },
      secrets: { apiKey: 'k' },
      message:
        `${CONFIG}types that failed validation:\n- [0.apiProvider]: types that failed validation:\n - [apiProvider.0]: expected value to equal [Azure OpenAI]\n` +
        '- [1.apiUrl]: expected value of type [string] but got [undefined]\n- [2.apiProvider]: types that failed validation:\n - [apiProvider.0]: expected value to equal [Other]',
    },
    { title: 'apiKey missing', config: OPENAI, secrets: {}, message: `${SECRETS}[apiKey]: expected value of type [string] but got [undefined]` },
    { title: 'PKI without the key', config: OPENAI, secrets: { certificateData: 'Y2VydA==' }, message: `${SECRETS}Private key data must be provided for PKI` },
    { title: 'apiUrl not http(s)', config: { ...OPENAI, apiUrl: 'ftp://api.example.com' }, secrets: { apiKey: 'k' }, message: `${CONFIG}${genAiHost('OpenAI')}URL Error: Invalid protocol` },
    { title: 'apiUrl not allowed', config: OPENAI, secrets: { apiKey: 'k' }, allowedHosts: ONLY_OK, message: `${CONFIG}${genAiHost('OpenAI')}error validating url: target url "${OPENAI.apiUrl}" ${NOT_ADDED}` },
  ],
};

const swimlane: JsonObject = { apiUrl: 'https://s.example.com', appId: 'a', connectorType: 'all', mappings: {} };
const swimlaneNullMappings = Object.fromEntries(
  ['ruleNameConfig', 'alertIdConfig', 'caseIdConfig', 'caseNameConfig', 'commentsConfig', 'severityConfig', 'descriptionConfig'].map((key) => [key, null]),
);
const bedrock = { apiUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com' };
const gemini = { apiUrl: 'https://us-central1-aiplatform.googleapis.com', gcpRegion: 'us-central1', gcpProjectID: 'p' };
const withGenAiHost = (c: TypeCase, title: string, url: string): TypeCase => ({
  ...c,
  refusals: [...c.refusals.slice(0, -1), { ...c.refusals[c.refusals.length - 1], message: `${CONFIG}${genAiHost(title)}error validating url: target url "${url}" ${NOT_ADDED}` }],
});

/** The alerting, case-management, security and generative-AI types. */
export const ALERTING_CASES: TypeCase[] = [
  WEBHOOK_CASE,
  CASES_WEBHOOK,
  XMATTERS,
  slackLike('.slack', 'slack'),
  slackLike('.teams', 'teams'),
  {
    typeId: '.slack_api',
    accepted: [{ title: 'minimal', config: {}, secrets: { token: 't' }, stored: {} }],
    refusals: [
      ...eachRequired('secrets', { config: {}, secrets: { token: 't' } }, ['token']),
      { title: 'slack.com not allowed', config: {}, secrets: { token: 't' }, allowedHosts: ONLY_OK, message: `${SECRETS}error configuring slack action: target url "https://slack.com/api/" ${NOT_ADDED}` },
    ],
  },
  {
    typeId: '.pagerduty',
    accepted: [{ title: 'minimal (apiUrl stored as null)', config: {}, secrets: { routingKey: 'r' }, stored: { apiUrl: null } }],
    refusals: [
      ...eachRequired('secrets', { config: {}, secrets: { routingKey: 'r' } }, ['routingKey']),
      { title: 'the default endpoint not allowed', config: {}, secrets: { routingKey: 'r' }, allowedHosts: ONLY_OK, message: `${CONFIG}error configuring pagerduty action: target url "https://events.pagerduty.com/v2/enqueue" ${NOT_ADDED}` },
    ],
  },
  simpleCase('.opsgenie', { apiUrl: 'https://api.opsgenie.com' }, { apiKey: 'k' }, { apiUrl: 'https://api.opsgenie.com' }, 'apiUrl', SUB_ACTION),
  simpleCase('.jira', { apiUrl: 'https://jira.example.com', projectKey: 'P' }, { email: 'e@example.com', apiToken: 't' }, { apiUrl: 'https://jira.example.com', projectKey: 'P' }, 'apiUrl', CASES),
  simpleCase('.jira-service-management', { apiUrl: 'https://api.atlassian.com' }, { apiKey: 'k' }, { apiUrl: 'https://api.atlassian.com' }, 'apiUrl', SUB_ACTION),
  simpleCase('.resilient', { apiUrl: 'https://r.example.com', orgId: '201' }, { apiKeyId: 'i', apiKeySecret: 's' }, { apiUrl: 'https://r.example.com', orgId: '201' }, 'apiUrl', CASES),
  {
    typeId: '.swimlane',
    accepted: [{ title: 'minimal (each mapping stored as null)', config: swimlane, secrets: { apiToken: 't' }, stored: { ...swimlane, mappings: swimlaneNullMappings } }],
    refusals: [
      ...eachRequired('config', { config: swimlane, secrets: { apiToken: 't' } }, ['apiUrl', 'appId', ['mappings', 'object']]),
      { title: 'config.connectorType missing', config: Object.fromEntries(Object.entries(swimlane).filter(([key]) => key !== 'connectorType')), secrets: { apiToken: 't' }, message: `${CONFIG}[connectorType]: expected at least one defined value but got [undefined]` },
      ...eachRequired('secrets', { config: swimlane, secrets: { apiToken: 't' } }, ['apiToken']),
      { title: 'apiUrl not allowed', config: swimlane, secrets: { apiToken: 't' }, allowedHosts: ONLY_OK, message: `${CONFIG}${CASES}target url "https://s.example.com" ${NOT_ADDED}` },
    ],
  },
  simpleCase('.thehive', { url: 'https://hive.example.com' }, { apiKey: 'k' }, { url: 'https://hive.example.com', organisation: null }, 'url', SUB_ACTION),
  simpleCase('.tines', { url: 'https://t.tines.com' }, { email: 'e@example.com', token: 't' }, { url: 'https://t.tines.com' }, 'url', SUB_ACTION),
  simpleCase('.xsoar', { url: 'https://xsoar.example.com' }, { apiKey: 'k' }, { url: 'https://xsoar.example.com' }, 'url', SUB_ACTION),
  simpleCase('.d3security', { url: 'https://d3.example.com' }, { token: 't' }, { url: 'https://d3.example.com' }, 'url', SUB_ACTION),
  simpleCase('.sentinelone', { url: 'https://s1.example.com' }, { token: 't' }, { url: 'https://s1.example.com' }, 'url', SUB_ACTION),
  simpleCase('.crowdstrike', { url: 'https://api.crowdstrike.com' }, { clientId: 'c', clientSecret: 's' }, { url: 'https://api.crowdstrike.com' }, 'url', SUB_ACTION),
  simpleCase(
    '.microsoft_defender_endpoint',
    { clientId: 'c', tenantId: 't', oAuthServerUrl: 'https://login.example.com', oAuthScope: 's', apiUrl: 'https://api.example.com' },
    { clientSecret: 's' },
    { clientId: 'c', tenantId: 't', oAuthServerUrl: 'https://login.example.com', oAuthScope: 's', apiUrl: 'https://api.example.com' },
    'oAuthServerUrl',
    SUB_ACTION,
  ),
  {
    ...simpleCase('.torq', { webhookIntegrationUrl: 'https://hooks.torq.io/v1/x' }, { token: 't' }, { webhookIntegrationUrl: 'https://hooks.torq.io/v1/x' }, 'webhookIntegrationUrl', 'error configuring send to Torq action: '),
  },
  withGenAiHost(simpleCase('.bedrock', bedrock, { accessKey: 'a', secret: 's' }, { ...bedrock, defaultModel: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }, 'apiUrl', ''), 'Amazon Bedrock', bedrock.apiUrl),
  withGenAiHost(simpleCase('.gemini', gemini, { credentialsJson: '{}' }, { ...gemini, defaultModel: 'gemini-2.5-pro' }, 'apiUrl', ''), 'Google Gemini', gemini.apiUrl),
  GEN_AI,
  {
    typeId: '.inference',
    accepted: [{ title: 'minimal', config: { provider: 'openai', taskType: 'completion', inferenceId: 'i' }, secrets: {}, stored: { provider: 'openai', taskType: 'completion', inferenceId: 'i', providerConfig: {}, taskTypeConfig: {} } }],
    refusals: eachRequired('config', { config: { provider: 'openai', taskType: 'completion', inferenceId: 'i' }, secrets: {} }, ['provider', 'taskType', 'inferenceId']),
  },
];
