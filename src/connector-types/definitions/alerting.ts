import { isHostAllowed, parseUrl } from '../allowedHosts.js';
import { fieldIssue, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, ALERTING_FEATURES, configUrl, defineType, secretsUrl, type TypeBasics } from './common.js';

const SLACK_API_URL = 'https://slack.com/api/';

/** `.slack_api` always talks to slack.com, so that host must be allowed even though no field names it. */
function slackApiSecretsRules({ settings }: RuleInput): RuleIssue[] {
  if (isHostAllowed(SLACK_API_URL, settings.allowedHosts)) return [];
  const detail = 'error configuring slack action: target hostname "slack.com" is not added to the Kibana config xpack.actions.allowedHosts';
  return [fieldIssue('secrets', 'token', detail, `host "slack.com" (${SLACK_API_URL}) must be listed in actions.allowedHosts`)];
}

/** Torq webhooks live on hooks.torq.io or hooks.eu.torq.io (localhost for testing). */
function torqConfigRules({ config }: RuleInput): RuleIssue[] {
  const url = parseUrl(String(config.webhookIntegrationUrl));
  if (!url || /^hooks\.(eu\.)?torq\.io$/.test(url.hostname) || url.hostname === 'localhost') return [];
  return [
    fieldIssue(
      'config',
      'webhookIntegrationUrl',
      'error configuring send to Torq action: url must begin with https://hooks.torq.io or https://hooks.eu.torq.io',
      `expected a URL on hooks.torq.io or hooks.eu.torq.io but got host "${url.hostname}"`,
    ),
  ];
}

function alertingType(basics: Omit<TypeBasics, 'category'>, behaviour: Parameters<typeof defineType>[1] = {}): ConnectorTypeSpec {
  return defineType({ ...basics, category: ALERTING_AND_CASES }, behaviour);
}

const apiUrl = { allowedHostsFields: [configUrl('apiUrl')] };
const url = { allowedHostsFields: [configUrl('url')] };
const endpointSecurity = { minimumLicense: 'enterprise', supportedFeatureIds: ['endpointSecurity'], subFeature: 'endpointSecurity' } as const;

/** Kibana's other alerting and case-management types (the ones without a file of their own). */
export const ALERTING_TYPES: ConnectorTypeSpec[] = [
  alertingType({ id: '.resilient', name: 'IBM Resilient', minimumLicense: 'platinum', supportedFeatureIds: ['alerting', 'cases', 'siem'] }, apiUrl),
  alertingType({ id: '.jira', name: 'Jira', minimumLicense: 'gold', supportedFeatureIds: ['alerting', 'cases', 'uptime', 'siem'] }, apiUrl),
  alertingType({ id: '.jira-service-management', name: 'Jira Service Management', minimumLicense: 'platinum', supportedFeatureIds: ALERTING_FEATURES }, apiUrl),
  alertingType({ id: '.teams', name: 'Microsoft Teams', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES }, { allowedHostsFields: [secretsUrl('webhookUrl')], configurationError: 'error configuring teams action' }),
  alertingType({ id: '.opsgenie', name: 'Opsgenie', minimumLicense: 'platinum', supportedFeatureIds: ALERTING_FEATURES }, apiUrl),
  alertingType(
    { id: '.pagerduty', name: 'PagerDuty', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES },
    { allowedHostsFields: [configUrl('apiUrl', { fallback: 'https://events.pagerduty.com/v2/enqueue' })], configurationError: 'error configuring pagerduty action' },
  ),
  alertingType({ id: '.slack', name: 'Slack', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES }, { allowedHostsFields: [secretsUrl('webhookUrl')] }),
  alertingType({ id: '.slack_api', name: 'Slack API', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES }, { rules: { secrets: slackApiSecretsRules } }),
  alertingType({ id: '.swimlane', name: 'Swimlane', minimumLicense: 'gold', supportedFeatureIds: ['alerting', 'cases', 'siem'] }, apiUrl),
  alertingType({ id: '.thehive', name: 'TheHive', minimumLicense: 'platinum', supportedFeatureIds: ['alerting', 'siem', 'uptime', 'cases'] }, url),
  alertingType({ id: '.tines', name: 'Tines', minimumLicense: 'gold', supportedFeatureIds: ['siem'] }, url),
  alertingType(
    { id: '.torq', name: 'Torq', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES },
    { allowedHostsFields: [configUrl('webhookIntegrationUrl')], rules: { config: torqConfigRules } },
  ),
  alertingType({ id: '.xsoar', name: 'XSOAR', minimumLicense: 'platinum', supportedFeatureIds: ['siem'] }, url),
  alertingType({ id: '.d3security', name: 'D3 Security', minimumLicense: 'gold', supportedFeatureIds: ['alerting', 'siem'] }, url),
  alertingType({ id: '.sentinelone', name: 'Sentinel One', ...endpointSecurity, supportedFeatureIds: ['endpointSecurity'] }, url),
  alertingType({ id: '.crowdstrike', name: 'CrowdStrike', ...endpointSecurity, supportedFeatureIds: ['endpointSecurity'] }, url),
  alertingType(
    { id: '.microsoft_defender_endpoint', name: 'Microsoft Defender for Endpoint', ...endpointSecurity, supportedFeatureIds: ['endpointSecurity'] },
    { allowedHostsFields: [configUrl('oAuthServerUrl'), configUrl('apiUrl')] },
  ),
];
