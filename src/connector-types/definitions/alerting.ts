import { isHostAllowed, parseUrl } from '../allowedHosts.js';
import { fieldIssue, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, ALERTING_FEATURES, configUrl, defineType, parsedUrl, subActionUrl, type TypeBasics } from './common.js';

const SLACK_API_URL = 'https://slack.com/api/';

/** `.slack_api` always talks to slack.com, so that host must be allowed even though no field names it. */
function slackApiSecretsRules({ settings }: RuleInput): RuleIssue[] {
  if (isHostAllowed(SLACK_API_URL, settings.allowedHosts)) return [];
  const detail = `error configuring slack action: target url "${SLACK_API_URL}" is not added to the Kibana config xpack.actions.allowedHosts`;
  return [fieldIssue('secrets', 'token', detail, `host "slack.com" (${SLACK_API_URL}) must be listed in actions.allowedHosts`)];
}

const TORQ_ERROR = 'error configuring send to Torq action: ';

/** Torq webhooks live on hooks.torq.io or hooks.eu.torq.io (localhost for testing). */
function torqConfigRules({ config }: RuleInput): RuleIssue[] {
  const url = parseUrl(String(config.webhookIntegrationUrl));
  if (!url || /^hooks\.(eu\.)?torq\.io$/.test(url.hostname) || url.hostname === 'localhost') return [];
  return [
    fieldIssue(
      'config',
      'webhookIntegrationUrl',
      `${TORQ_ERROR}url must begin with https://hooks.torq.io or https://hooks.eu.torq.io`,
      `expected a URL on hooks.torq.io or hooks.eu.torq.io but got host "${url.hostname}"`,
    ),
  ];
}

function alertingType(basics: Omit<TypeBasics, 'category'>, behaviour: Parameters<typeof defineType>[1] = {}): ConnectorTypeSpec {
  return defineType({ ...basics, category: ALERTING_AND_CASES }, behaviour);
}

/** The case-management types (Jira, IBM Resilient, Swimlane) word an apiUrl outside allowedHosts as ServiceNow does. */
const casesApiUrl = { allowedHostsFields: [configUrl('apiUrl', 'error configuring connector action: ')] };
/** Sub-action types check one URL field with `urlAllowListValidator`. */
const subAction = (key: string) => ({ allowedHostsFields: [subActionUrl(key)] });
const endpointSecurity = { minimumLicense: 'enterprise', supportedFeatureIds: ['endpointSecurity'], subFeature: 'endpointSecurity' } as const;
const webhookUrlSecret = (type: string) =>
  parsedUrl('secrets', 'webhookUrl', `error configuring ${type} action: `, `error configuring ${type} action: unable to parse host name from webhookUrl`);

/** Kibana's other alerting and case-management types (the ones without a file of their own). */
export const ALERTING_TYPES: ConnectorTypeSpec[] = [
  alertingType({ id: '.resilient', name: 'IBM Resilient', minimumLicense: 'platinum', supportedFeatureIds: ['alerting', 'cases', 'siem'] }, casesApiUrl),
  alertingType({ id: '.jira', name: 'Jira', minimumLicense: 'gold', supportedFeatureIds: ['alerting', 'cases', 'uptime', 'siem'] }, casesApiUrl),
  alertingType({ id: '.jira-service-management', name: 'Jira Service Management', minimumLicense: 'platinum', supportedFeatureIds: ALERTING_FEATURES }, subAction('apiUrl')),
  alertingType({ id: '.teams', name: 'Microsoft Teams', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES }, { allowedHostsFields: [webhookUrlSecret('teams')] }),
  alertingType({ id: '.opsgenie', name: 'Opsgenie', minimumLicense: 'platinum', supportedFeatureIds: ALERTING_FEATURES }, subAction('apiUrl')),
  alertingType(
    { id: '.pagerduty', name: 'PagerDuty', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES },
    { allowedHostsFields: [configUrl('apiUrl', 'error configuring pagerduty action: ', { fallback: 'https://events.pagerduty.com/v2/enqueue' })] },
  ),
  alertingType({ id: '.slack', name: 'Slack', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES }, { allowedHostsFields: [webhookUrlSecret('slack')] }),
  alertingType({ id: '.slack_api', name: 'Slack API', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES }, { rules: { secrets: slackApiSecretsRules } }),
  alertingType({ id: '.swimlane', name: 'Swimlane', minimumLicense: 'gold', supportedFeatureIds: ['alerting', 'cases', 'siem'] }, casesApiUrl),
  alertingType({ id: '.thehive', name: 'TheHive', minimumLicense: 'platinum', supportedFeatureIds: ['alerting', 'siem', 'uptime', 'cases'] }, subAction('url')),
  alertingType({ id: '.tines', name: 'Tines', minimumLicense: 'gold', supportedFeatureIds: ['siem'] }, subAction('url')),
  alertingType(
    { id: '.torq', name: 'Torq', minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES },
    {
      allowedHostsFields: [parsedUrl('config', 'webhookIntegrationUrl', TORQ_ERROR, `${TORQ_ERROR}unable to parse url: TypeError: Invalid URL`)],
      rules: { config: torqConfigRules },
    },
  ),
  alertingType({ id: '.xsoar', name: 'XSOAR', minimumLicense: 'platinum', supportedFeatureIds: ['siem'] }, subAction('url')),
  alertingType({ id: '.d3security', name: 'D3 Security', minimumLicense: 'gold', supportedFeatureIds: ['alerting', 'siem'] }, subAction('url')),
  alertingType({ id: '.sentinelone', name: 'Sentinel One', ...endpointSecurity, supportedFeatureIds: ['endpointSecurity'] }, subAction('url')),
  alertingType({ id: '.crowdstrike', name: 'CrowdStrike', ...endpointSecurity, supportedFeatureIds: ['endpointSecurity'] }, subAction('url')),
  alertingType(
    { id: '.microsoft_defender_endpoint', name: 'Microsoft Defender for Endpoint', ...endpointSecurity, supportedFeatureIds: ['endpointSecurity'] },
    { allowedHostsFields: [subActionUrl('oAuthServerUrl'), subActionUrl('apiUrl')] },
  ),
];
