import { isHostAllowed, parseUrl } from '../allowedHosts.js';
import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, defineType } from './common.js';

const CONFIG_ERROR = 'Error configuring xMatters action: ';
const NOT_ADDED = 'is not added to the Kibana config xpack.actions.allowedHosts';

/** Kibana's config validator: with basic auth (the stored default), a configUrl must parse and be allowed. */
function xmattersConfigRules({ config, settings }: RuleInput): RuleIssue[] {
  if (config.usesBasic === false || typeof config.configUrl !== 'string') return [];
  const configUrl = config.configUrl;
  if (!parseUrl(configUrl)) return [fieldIssue('config', 'configUrl', `${CONFIG_ERROR}unable to parse url: Invalid URL`, `expected a valid URL but got "${configUrl}"`)];
  if (isHostAllowed(configUrl, settings.allowedHosts)) return [];
  const host = parseUrl(configUrl)?.hostname ?? '';
  return [fieldIssue('config', 'configUrl', `${CONFIG_ERROR}target url "${configUrl}" ${NOT_ADDED}`, `host "${host}" must be listed in actions.allowedHosts`)];
}

/**
 * Kibana's secrets validator: secretsUrl alone (parsed, allowed) or user with password. Kibana
 * quotes a refused secretsUrl whole; it carries the API key, so kcr names only its host.
 */
function xmattersSecretsRules({ secrets, settings }: RuleInput): RuleIssue[] {
  const { secretsUrl, user, password } = secrets;
  if (!secretsUrl && !user && !password) {
    return [{ pointer: '/secrets', message: 'expected secretsUrl, or user and password', kibanaDetail: 'Provide either secretsUrl link or user/password to authenticate' }];
  }
  if (!secretsUrl) {
    if (user && password) return [];
    return [fieldIssue('secrets', user ? 'password' : 'user', 'Both user and password must be specified.')];
  }
  if (user || password) {
    return [fieldIssue('secrets', 'secretsUrl', 'Cannot use user/password for URL authentication. Provide valid secretsUrl or use Basic Authentication.', 'secretsUrl cannot be combined with user/password')];
  }
  const url = parseUrl(String(secretsUrl));
  if (!url) return [fieldIssue('secrets', 'secretsUrl', 'Invalid secretsUrl: TypeError: Invalid URL', 'expected a valid URL but got an invalid URL')];
  if (isHostAllowed(String(secretsUrl), settings.allowedHosts)) return [];
  return [fieldIssue('secrets', 'secretsUrl', `target hostname "${url.hostname}" ${NOT_ADDED}`, `host "${url.hostname}" must be listed in actions.allowedHosts`)];
}

/**
 * Kibana's connector validator. It reads the config as sent, before defaults: `usesBasic` must be
 * given as true for basic auth; left out, the connector is judged as URL auth.
 */
function xmattersConnectorRules({ config, secrets }: RuleInput): RuleIssue[] {
  if (config.usesBasic) {
    if (secrets.secretsUrl) return [fieldIssue('secrets', 'secretsUrl', 'secretsUrl should not be provided when usesBasic is true')];
    if (isUnset(secrets, 'user')) return [fieldIssue('secrets', 'user', 'Provide valid Username')];
    if (isUnset(secrets, 'password')) return [fieldIssue('secrets', 'password', 'Provide valid Password')];
    if (isUnset(config, 'configUrl')) return [fieldIssue('config', 'configUrl', 'Provide valid configUrl')];
    return [];
  }
  const basicWords = 'usesBasic is false (it was not sent as true)';
  if (secrets.user || secrets.password) {
    return [fieldIssue('secrets', secrets.user ? 'user' : 'password', 'Username and password should not be provided when usesBasic is false', `user and password need usesBasic: true; ${basicWords}`)];
  }
  if (config.configUrl) return [fieldIssue('config', 'configUrl', 'configUrl should not be provided when usesBasic is false', `configUrl needs usesBasic: true; ${basicWords}`)];
  if (isUnset(secrets, 'secretsUrl')) return [fieldIssue('secrets', 'secretsUrl', 'Provide valid secretsUrl with API Key')];
  return [];
}

/** Kibana's `.xmatters` type. */
export const XMATTERS_TYPE: ConnectorTypeSpec = defineType(
  { id: '.xmatters', name: 'xMatters', category: ALERTING_AND_CASES, minimumLicense: 'gold', supportedFeatureIds: ['alerting', 'siem'] },
  { rules: { config: xmattersConfigRules, secrets: xmattersSecretsRules, connector: xmattersConnectorRules } },
);
