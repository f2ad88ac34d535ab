import type { JsonObject } from '../../model/json.js';
import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, configUrl, defineType } from './common.js';

/** The OAuth config fields, in the order Kibana checks them. */
const OAUTH_CONFIG_KEYS = ['userIdentifierValue', 'clientId', 'jwtKeyId'];

const missing = (key: string, isOAuth: boolean): string => `${key} must be provided when isOAuth = ${isOAuth}`;
const populated = (keys: string, isOAuth: boolean): string => `${keys} should not be provided with isOAuth = ${isOAuth}`;

/** Kibana's validateCommonConfig: with isOAuth, the OAuth config fields (after the apiUrl allowedHosts check). */
function serviceNowConfigRules({ config }: RuleInput): RuleIssue[] {
  if (config.isOAuth !== true) return [];
  return OAUTH_CONFIG_KEYS.filter((key) => isUnset(config, key)).map((key) => fieldIssue('config', key, missing(key, true)));
}

/** Kibana's validateCommonSecrets (truthiness, as Kibana tests it): some credential; username with password, clientSecret with privateKey. */
function serviceNowSecretsRules({ secrets }: RuleInput): RuleIssue[] {
  const has = (key: string): boolean => Boolean(secrets[key]);
  if (!has('username') && !has('password') && !has('clientSecret') && !has('privateKey')) {
    return [{ pointer: '/secrets', message: 'expected username and password, or clientSecret and privateKey', kibanaDetail: 'Either basic auth or OAuth credentials must be specified' }];
  }
  if (has('username') || has('password')) {
    if (has('username') && has('password')) return [];
    return [fieldIssue('secrets', has('username') ? 'password' : 'username', 'username and password must both be specified')];
  }
  if (has('clientSecret') && has('privateKey')) return [];
  return [fieldIssue('secrets', has('clientSecret') ? 'privateKey' : 'clientSecret', 'clientSecret and privateKey must both be specified')];
}

/** Kibana's validateCommonConnector: `isOAuth` decides which credentials are required and which are forbidden. */
function serviceNowConnectorRules({ config, secrets }: RuleInput): RuleIssue[] {
  return config.isOAuth === true ? oauthRules(config, secrets) : basicRules(config, secrets);
}

function oauthRules(config: JsonObject, secrets: JsonObject): RuleIssue[] {
  const issues = OAUTH_CONFIG_KEYS.filter((key) => isUnset(config, key)).map((key) => fieldIssue('config', key, missing(key, true)));
  for (const key of ['clientSecret', 'privateKey']) if (isUnset(secrets, key)) issues.push(fieldIssue('secrets', key, missing(key, true)));
  for (const key of ['username', 'password']) {
    if (secrets[key]) issues.push(fieldIssue('secrets', key, populated('Username and password', true)));
  }
  return issues;
}

function basicRules(config: JsonObject, secrets: JsonObject): RuleIssue[] {
  const issues = ['username', 'password'].filter((key) => isUnset(secrets, key)).map((key) => fieldIssue('secrets', key, missing(key, false)));
  const forbidden = populated('clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey', false);
  for (const key of ['clientId', 'userIdentifierValue', 'jwtKeyId']) if (config[key]) issues.push(fieldIssue('config', key, forbidden));
  for (const key of ['clientSecret', 'privateKey']) if (secrets[key]) issues.push(fieldIssue('secrets', key, forbidden));
  return issues;
}

/** Kibana's `is_deprecated`: ServiceNow ITSM/SecOps on the legacy Table API (or from before `usesTableApi` existed). */
function usesTableApi(config: JsonObject): boolean {
  return config.usesTableApi === undefined || config.usesTableApi === true;
}

const behaviour = {
  allowedHostsFields: [configUrl('apiUrl', 'error configuring connector action: ')],
  rules: { config: serviceNowConfigRules, secrets: serviceNowSecretsRules, connector: serviceNowConnectorRules },
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
