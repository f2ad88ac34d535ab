import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, configUrl, defineType, secretsUrl } from './common.js';

const EITHER = 'Provide either secretsUrl link or user/password to authenticate';

/** Basic auth (the default) needs a configUrl; URL auth carries everything in secretsUrl, so configUrl must stay unset. */
function xmattersConfigRules({ config }: RuleInput): RuleIssue[] {
  if (config.usesBasic !== false && isUnset(config, 'configUrl')) {
    return [fieldIssue('config', 'configUrl', 'Provide valid configUrl', 'configUrl is required when usesBasic is true')];
  }
  if (config.usesBasic === false && !isUnset(config, 'configUrl')) {
    return [fieldIssue('config', 'configUrl', 'Specify configUrl only when usesBasic is true', 'configUrl must be null or absent when usesBasic is false')];
  }
  return [];
}

/** One way to authenticate: secretsUrl, or user with password. */
function xmattersSecretsRules({ secrets }: RuleInput): RuleIssue[] {
  const hasUrl = !isUnset(secrets, 'secretsUrl');
  const hasUser = !isUnset(secrets, 'user');
  const hasPassword = !isUnset(secrets, 'password');
  if (hasUrl && (hasUser || hasPassword)) return [fieldIssue('secrets', 'secretsUrl', EITHER, 'secretsUrl cannot be combined with user/password')];
  if (!hasUrl && (!hasUser || !hasPassword)) {
    return [fieldIssue('secrets', hasUser ? 'password' : 'user', EITHER, 'expected secretsUrl, or user and password')];
  }
  return [];
}

function xmattersConnectorRules({ config, secrets }: RuleInput): RuleIssue[] {
  if (config.usesBasic !== false && isUnset(secrets, 'user')) {
    return [fieldIssue('secrets', 'user', 'Provide valid Username and Password', 'user and password are required when usesBasic is true')];
  }
  if (config.usesBasic === false && isUnset(secrets, 'secretsUrl')) {
    return [fieldIssue('secrets', 'secretsUrl', 'Provide valid secretsUrl', 'secretsUrl is required when usesBasic is false')];
  }
  return [];
}

/** Kibana's `.xmatters` type. */
export const XMATTERS_TYPE: ConnectorTypeSpec = defineType(
  { id: '.xmatters', name: 'xMatters', category: ALERTING_AND_CASES, minimumLicense: 'gold', supportedFeatureIds: ['alerting', 'siem'] },
  {
    allowedHostsFields: [configUrl('configUrl'), secretsUrl('secretsUrl')],
    rules: { config: xmattersConfigRules, secrets: xmattersSecretsRules, connector: xmattersConnectorRules },
  },
);
