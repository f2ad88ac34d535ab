import type { JsonObject } from '../../model/json.js';
import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, ALERTING_FEATURES, configUrl, defineType } from './common.js';

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

function authTypeRules(config: JsonObject): RuleIssue[] {
  if (config.hasAuth === false && !isUnset(config, 'authType')) {
    return [fieldIssue('config', 'authType', 'authType must be null or undefined if hasAuth is false')];
  }
  return [];
}

function webhookConfigRules({ config, settings }: RuleInput): RuleIssue[] {
  const issues = authTypeRules(config);
  if (config.certType === 'ssl-pfx' && settings.webhook?.ssl?.pfx?.enabled === false) {
    issues.push(fieldIssue('config', 'certType', 'Certificate type "ssl-pfx" is disabled in xpack.actions.webhook.ssl.pfx.enabled config.'));
  }
  if (config.authType === OAUTH2) {
    for (const key of ['accessTokenUrl', 'clientId']) {
      if (isUnset(config, key)) issues.push(fieldIssue('config', key, `${key} must be provided when authType is ${OAUTH2}`));
    }
  }
  if (typeof config.additionalFields === 'string' && !isNonEmptyJsonObject(config.additionalFields)) {
    issues.push(fieldIssue('config', 'additionalFields', 'additionalFields must be a non-empty JSON object', 'expected a JSON-encoded non-empty object'));
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

function casesWebhookConfigRules({ config }: RuleInput): RuleIssue[] {
  const issues = authTypeRules(config);
  if (config.authType === OAUTH2) issues.push(fieldIssue('config', 'authType', `authType ${OAUTH2} is not supported by the cases webhook connector`));
  return issues;
}

/** Cases webhook: with hasAuth (the default) the secrets must carry a credential set. */
function casesWebhookConnectorRules({ config, secrets }: RuleInput): RuleIssue[] {
  if (config.hasAuth !== true || presentCredentials(secrets).length > 0) return [];
  return [{ pointer: '/secrets', message: 'hasAuth is true, so secrets must hold credentials (user and password, crt and key, or pfx)', kibanaDetail: ONE_OF_SCHEMAS }];
}

const CASES_URLS = ['createIncidentUrl', 'getIncidentUrl', 'updateIncidentUrl', 'viewIncidentUrl', 'createCommentUrl', 'accessTokenUrl'];

/** Kibana's `.webhook` and `.cases-webhook` types. */
export const WEBHOOK_TYPES: ConnectorTypeSpec[] = [
  defineType(
    { id: '.webhook', name: 'Webhook', category: ALERTING_AND_CASES, minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES },
    {
      allowedHostsFields: [configUrl('url'), configUrl('accessTokenUrl')],
      rules: { config: webhookConfigRules, secrets: exactlyOneCredentialSet },
    },
  ),
  defineType(
    { id: '.cases-webhook', name: 'Webhook - Case Management', category: ALERTING_AND_CASES, minimumLicense: 'gold', supportedFeatureIds: ['cases'] },
    {
      allowedHostsFields: CASES_URLS.map((key) => configUrl(key)),
      rules: { config: casesWebhookConfigRules, secrets: exactlyOneCredentialSet, connector: casesWebhookConnectorRules },
    },
  ),
];
