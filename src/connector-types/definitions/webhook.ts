import { isHostAllowed, parseUrl } from '../allowedHosts.js';
import type { JsonObject } from '../../model/json.js';
import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, ALERTING_FEATURES, defineType, parsedUrl } from './common.js';

const OAUTH2 = 'webhook-oauth2-client-credentials';
const CREDENTIAL_KEYS = ['user', 'password', 'crt', 'key', 'pfx', 'clientSecret'];
const ONE_OF_SCHEMAS =
  'must specify one of the following schemas: user and password; crt and key (with optional password); pfx (with optional password); or clientSecret (for OAuth2)';

/** The credential sets Kibana accepts, each as the exact set of present keys. */
const CREDENTIAL_SETS = [[], ['user', 'password'], ['crt', 'key'], ['crt', 'key', 'password'], ['pfx'], ['password', 'pfx'], ['clientSecret']].map((set) =>
  [...set].sort().join(','),
);

function presentCredentials(secrets: JsonObject): string[] {
  return CREDENTIAL_KEYS.filter((key) => !isUnset(secrets, key)).sort();
}

/** Both webhook types: exactly one credential set, or none. */
function exactlyOneCredentialSet({ secrets }: RuleInput): RuleIssue[] {
  const present = presentCredentials(secrets);
  if (CREDENTIAL_SETS.includes(present.join(','))) return [];
  return [{ pointer: '/secrets', message: `${ONE_OF_SCHEMAS}; got ${present.join(', ')}`, kibanaDetail: ONE_OF_SCHEMAS }];
}

const WEBHOOK_CONFIG = 'error validation webhook action config: ';
const CASES_CONFIG = 'error configuring cases webhook action: ';

/** Kibana's webhook config validator after its URL checks, in its order. */
function webhookConfigRules({ config, settings }: RuleInput): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (config.authType && !config.hasAuth) issues.push(fieldIssue('config', 'authType', `${WEBHOOK_CONFIG}authType must be null or undefined if hasAuth is false`));
  if (config.certType === 'ssl-pfx' && settings.webhook?.ssl?.pfx?.enabled === false) {
    issues.push(fieldIssue('config', 'certType', `${WEBHOOK_CONFIG}certType "ssl-pfx" is disabled`, 'certType "ssl-pfx" is disabled by actions.webhook.ssl.pfx.enabled'));
  }
  if (config.additionalFields && !isNonEmptyJsonObject(String(config.additionalFields))) {
    issues.push(fieldIssue('config', 'additionalFields', `${WEBHOOK_CONFIG}additionalFields must be a non-empty JSON object.`, 'expected a JSON-encoded non-empty object'));
  }
  if (config.authType === OAUTH2) {
    const missing = [
      ...(config.accessTokenUrl ? [] : [['accessTokenUrl', 'Access Token URL (accessTokenUrl)']]),
      ...(config.clientId ? [] : [['clientId', 'Client ID (clientId)']]),
    ];
    if (missing.length > 0) {
      const text = `${WEBHOOK_CONFIG}missing ${missing.map(([, label]) => label).join(', ')} fields`;
      issues.push(...missing.map(([key]) => fieldIssue('config', key, text, `${key} is required when authType is ${OAUTH2}`)));
    }
  }
  return issues;
}

function isNonEmptyJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.keys(parsed).length > 0;
  } catch {
    return false;
  }
}

/** Kibana checks these cases-webhook URLs in this order, each that is set. */
const CASES_URLS = ['createIncidentUrl', 'createCommentUrl', 'viewIncidentUrl', 'getIncidentUrl', 'updateIncidentUrl'];

/** Kibana's cases-webhook config validator: no OAuth2, then every URL parsed and allowed (the URL named in both texts). */
function casesWebhookConfigRules({ config, settings }: RuleInput): RuleIssue[] {
  if (config.authType === OAUTH2) return [fieldIssue('config', 'authType', 'OAuth2 authentication is not supported for cases webhook connector')];
  const issues: RuleIssue[] = [];
  for (const key of CASES_URLS) {
    const value = config[key];
    if (typeof value !== 'string' || value === '') continue;
    const url = parseUrl(value);
    if (!url) issues.push(fieldIssue('config', key, `${CASES_CONFIG}unable to parse ${value}: TypeError: Invalid URL`, `expected a valid URL but got "${value}"`));
    else if (!isHostAllowed(value, settings.allowedHosts)) {
      issues.push(fieldIssue('config', key, `${CASES_CONFIG}target url "${value}" is not added to the Kibana config xpack.actions.allowedHosts`, `host "${url.hostname}" must be listed in actions.allowedHosts`));
    }
  }
  return issues;
}

/** Cases webhook: `hasAuth: true` sent with empty secrets (Kibana reads both as sent). */
function casesWebhookConnectorRules({ config, secrets }: RuleInput): RuleIssue[] {
  if (!config.hasAuth || Object.keys(secrets).length > 0) return [];
  return [{ pointer: '/secrets', message: 'hasAuth is true, so secrets must not be empty', kibanaDetail: 'must specify a secrets configuration' }];
}

/** Kibana's `.webhook` and `.cases-webhook` types. */
export const WEBHOOK_TYPES: ConnectorTypeSpec[] = [
  defineType(
    { id: '.webhook', name: 'Webhook', category: ALERTING_AND_CASES, minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES },
    {
      allowedHostsFields: [parsedUrl('config', 'url', WEBHOOK_CONFIG, `${WEBHOOK_CONFIG}unable to parse url: TypeError: Invalid URL`)],
      rules: { config: webhookConfigRules, secrets: exactlyOneCredentialSet },
    },
  ),
  defineType(
    { id: '.cases-webhook', name: 'Webhook - Case Management', category: ALERTING_AND_CASES, minimumLicense: 'gold', supportedFeatureIds: ['cases'] },
    { rules: { config: casesWebhookConfigRules, secrets: exactlyOneCredentialSet, connector: casesWebhookConnectorRules } },
  ),
];
