import type { JsonObject } from '../../model/json.js';
import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, configUrl, defineType } from './common.js';

const OAUTH_CONFIG_KEYS = ['clientId', 'userIdentifierValue', 'jwtKeyId'];

/** At least one credential; username with password, clientSecret with privateKey. */
function serviceNowSecretsRules({ secrets }: RuleInput): RuleIssue[] {
  const has = (key: string): boolean => !isUnset(secrets, key);
  if (!has('username') && !has('password') && !has('clientSecret') && !has('privateKey')) {
    return [{ pointer: '/secrets', message: 'expected username and password, or clientSecret and privateKey', kibanaDetail: 'Either basic auth or OAuth credentials must be specified' }];
  }
  const issues: RuleIssue[] = [];
  if (has('username') !== has('password')) {
    issues.push(fieldIssue('secrets', has('username') ? 'password' : 'username', 'username and password must both be specified'));
  }
  if (has('clientSecret') !== has('privateKey')) {
    issues.push(fieldIssue('secrets', has('clientSecret') ? 'privateKey' : 'clientSecret', 'clientSecret and privateKey must both be specified'));
  }
  return issues;
}

/** `isOAuth` decides which half of the config and which credentials are required, and which are forbidden. */
function serviceNowConnectorRules({ config, secrets }: RuleInput): RuleIssue[] {
  return config.isOAuth === true ? oauthRules(config, secrets) : basicRules(config, secrets);
}

function oauthRules(config: JsonObject, secrets: JsonObject): RuleIssue[] {
  const issues = OAUTH_CONFIG_KEYS.filter((key) => isUnset(config, key)).map((key) =>
    fieldIssue('config', key, `${key} must be provided when isOAuth = true`),
  );
  for (const key of ['clientSecret', 'privateKey']) {
    if (isUnset(secrets, key)) issues.push(fieldIssue('secrets', key, 'clientSecret and privateKey must both be specified when isOAuth = true'));
  }
  for (const key of ['username', 'password']) {
    if (!isUnset(secrets, key)) issues.push(fieldIssue('secrets', key, 'Username and password must not be provided when isOAuth = true'));
  }
  return issues;
}

function basicRules(config: JsonObject, secrets: JsonObject): RuleIssue[] {
  const issues = ['username', 'password']
    .filter((key) => isUnset(secrets, key))
    .map((key) => fieldIssue('secrets', key, 'username and password must both be specified when isOAuth = false'));
  const forbidden = 'clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey should not be provided with isOAuth = false';
  for (const key of OAUTH_CONFIG_KEYS) if (!isUnset(config, key)) issues.push(fieldIssue('config', key, forbidden));
  for (const key of ['clientSecret', 'privateKey']) if (!isUnset(secrets, key)) issues.push(fieldIssue('secrets', key, forbidden));
  return issues;
}

/** Kibana's `is_deprecated`: ServiceNow ITSM/SecOps on the legacy Table API (or from before `usesTableApi` existed). */
function usesTableApi(config: JsonObject): boolean {
  return config.usesTableApi === undefined || config.usesTableApi === true;
}

const behaviour = {
  allowedHostsFields: [configUrl('apiUrl')],
  configurationError: 'error configuring connector action',
  rules: { secrets: serviceNowSecretsRules, connector: serviceNowConnectorRules },
};

/** Kibana's three ServiceNow types. */
export const SERVICENOW_TYPES: ConnectorTypeSpec[] = [
  defineType(
    { id: '.servicenow', name: 'ServiceNow ITSM', category: ALERTING_AND_CASES, minimumLicense: 'platinum', supportedFeatureIds: ['alerting', 'cases', 'uptime', 'siem'] },
    { ...behaviour, isDeprecated: usesTableApi },
  ),
  defineType(
    { id: '.servicenow-sir', name: 'ServiceNow SecOps', category: ALERTING_AND_CASES, minimumLicense: 'platinum', supportedFeatureIds: ['alerting', 'cases', 'siem'] },
    { ...behaviour, isDeprecated: usesTableApi },
  ),
  defineType(
    { id: '.servicenow-itom', name: 'ServiceNow ITOM', category: ALERTING_AND_CASES, minimumLicense: 'platinum', supportedFeatureIds: ['alerting', 'siem'] },
    behaviour,
  ),
];
