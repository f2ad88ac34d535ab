import type { JsonObject } from '../../src/model/json.js';

/** One `elasticstack_kibana_action_connector` of the suite, as the HCL a user would write. */
export interface TfConnector {
  /** The Terraform resource name (also the kcr manifest name, with `_` as `-`). */
  resource: string;
  type: string;
  name: string;
  config?: JsonObject;
  secrets?: JsonObject;
}

const casesWebhookConfig: JsonObject = {
  createIncidentJson: '{"fields":{"summary":{{{case.title}}}}}',
  createIncidentResponseKey: 'id',
  createIncidentUrl: 'https://tickets.example.com/rest/api/2/issue',
  getIncidentResponseExternalTitleKey: 'key',
  getIncidentUrl: 'https://tickets.example.com/rest/api/2/issue/{{{external.system.id}}}',
  updateIncidentJson: '{"fields":{"summary":{{{case.title}}}}}',
  updateIncidentUrl: 'https://tickets.example.com/rest/api/2/issue/{{{external.system.id}}}',
  viewIncidentUrl: 'https://tickets.example.com/browse/{{{external.system.title}}}',
};

/**
 * The 14 types issue 12 names, each configured the way the provider's docs and tests do it.
 * Several leave out what Kibana defaults (.email hasAuth/service, .webhook method,
 * .servicenow isOAuth/usesTableApi, .cases-webhook methods and authType), so a kcr that
 * failed to echo Kibana's defaults would show up as "inconsistent result after apply".
 */
export const FOURTEEN_TYPES: TfConnector[] = [
  { resource: 'index', type: '.index', name: 'TF index', config: { index: 'kcr-tf-alerts', refresh: true } },
  {
    resource: 'webhook', type: '.webhook', name: 'TF webhook',
    config: { url: 'https://hooks.example.com/alerts', hasAuth: true, authType: 'webhook-authentication-basic', headers: { 'Content-Type': 'application/json' } },
    secrets: { user: 'hook-user', password: 'hook-password-1' },
  },
  { resource: 'slack', type: '.slack', name: 'TF slack', secrets: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/tf' } },
  { resource: 'slack_api', type: '.slack_api', name: 'TF slack api', config: { allowedChannels: [{ id: 'C0000000001', name: '#alerts' }] }, secrets: { token: 'xoxb-tf-token' } },
  { resource: 'email', type: '.email', name: 'TF email', config: { from: 'alerts@example.com', host: 'smtp.example.com', port: 587 }, secrets: { user: 'mailer', password: 'mail-password-1' } },
  { resource: 'pagerduty', type: '.pagerduty', name: 'TF pagerduty', config: { apiUrl: 'https://events.pagerduty.com/v2/enqueue' }, secrets: { routingKey: 'tf-routing-key-1' } },
  { resource: 'servicenow', type: '.servicenow', name: 'TF servicenow', config: { apiUrl: 'https://tf.service-now.example.com' }, secrets: { username: 'snow-user', password: 'snow-password-1' } },
  { resource: 'jira', type: '.jira', name: 'TF jira', config: { apiUrl: 'https://tf.atlassian.example.com', projectKey: 'OPS' }, secrets: { email: 'jira-bot@example.com', apiToken: 'jira-token-1' } },
  { resource: 'teams', type: '.teams', name: 'TF teams', secrets: { webhookUrl: 'https://teams.example.com/webhookb2/tf' } },
  { resource: 'opsgenie', type: '.opsgenie', name: 'TF opsgenie', config: { apiUrl: 'https://api.opsgenie.com' }, secrets: { apiKey: 'opsgenie-key-1' } },
  { resource: 'server_log', type: '.server-log', name: 'TF server log' },
  {
    resource: 'openai', type: '.gen-ai', name: 'TF OpenAI',
    config: { apiProvider: 'OpenAI', apiUrl: 'https://api.openai.com/v1/chat/completions', defaultModel: 'gpt-4o' }, secrets: { apiKey: 'sk-tf-key-1' },
  },
  {
    resource: 'bedrock', type: '.bedrock', name: 'TF bedrock',
    config: { apiUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', defaultModel: 'anthropic.claude-v2' }, secrets: { accessKey: 'tf-access-key', secret: 'tf-secret-1' },
  },
  { resource: 'cases_webhook', type: '.cases-webhook', name: 'TF cases webhook', config: casesWebhookConfig, secrets: { user: 'case-user', password: 'case-password-1' } },
];

/** `jsonencode({...})` of a JSON value: JSON is valid HCL once template sequences are escaped. */
export function hclJson(value: unknown): string {
  return `jsonencode(${JSON.stringify(value).replaceAll('${', '$${').replaceAll('%{', '%%{')})`;
}

/** The resource block of one connector in `space`, with extra attribute lines (e.g. connector_id). */
export function resourceBlock(connector: TfConnector, space: string, extraLines: string[] = []): string {
  const lines = [
    `resource "elasticstack_kibana_action_connector" "${connector.resource}" {`,
    `  space_id          = ${JSON.stringify(space)}`,
    `  name              = ${JSON.stringify(connector.name)}`,
    `  connector_type_id = ${JSON.stringify(connector.type)}`,
    ...(connector.config ? [`  config            = ${hclJson(connector.config)}`] : []),
    ...(connector.secrets ? [`  secrets           = ${hclJson(connector.secrets)}`] : []),
    ...extraLines.map((line) => `  ${line}`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** The same connector as a kcr manifest (the secrets literal: the suite's values are harmless). */
export function manifestOf(connector: TfConnector, space: string): JsonObject {
  const spec: JsonObject = { space_id: space, name: connector.name, connector_type_id: connector.type };
  if (connector.config) spec.config = connector.config;
  if (connector.secrets) spec.secrets = connector.secrets;
  return { apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: connector.resource.replaceAll('_', '-') }, spec };
}
