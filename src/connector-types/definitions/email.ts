import type { ActionsSettings } from '../../config/types.js';
import type { JsonObject } from '../../model/json.js';
import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, ALERTING_FEATURES, configUrl, defineType } from './common.js';

/** Services that need no host or port in the config (nodemailer's well-known names, lower-cased, and Kibana's own). */
const KNOWN_SERVICES = new Set([
  'elastic_cloud', 'ses', 'gmail', 'googlemail', 'hotmail', 'outlook365', 'outlook', 'live', 'icloud', 'yahoo', 'ymail', 'aol',
  'zoho', 'fastmail', 'gandimail', 'godaddy', 'mail.ru', 'yandex', 'qq', 'qqex', '126', '163', 'sendgrid', 'mailgun', 'mailjet',
  'postmark', 'sendinblue', 'brevo', 'mandrill', 'sparkpost', 'sendpulse', 'sendcloud', 'ohmyserver', 'openmailbox', 'hot.ee',
]);

const EXCHANGE = 'exchange_server';

/** The address part of `Name <user@domain>` or of a bare address. */
function addressOf(from: string): string {
  const match = /<([^>]*)>\s*$/.exec(from);
  return (match ? match[1] : from).trim();
}

function checkFrom(from: string, settings: ActionsSettings): RuleIssue[] {
  const address = addressOf(from);
  const domain = /^[^@\s]+@([^@\s]+)$/.exec(address)?.[1]?.toLowerCase();
  if (domain === undefined) return [fieldIssue('config', 'from', `[from]: not valid emails: ${from}`, `expected an email address but got "${from}"`)];
  const allowlist = settings.email.domain_allowlist.map((entry) => entry.toLowerCase());
  if (allowlist.length === 0 || allowlist.includes(domain)) return [];
  return [fieldIssue('config', 'from', `[from]: not allowed emails: ${address}`, `domain "${domain}" must be listed in actions.email.domain_allowlist`)];
}

function checkService(config: JsonObject, settings: ActionsSettings): RuleIssue[] {
  const service = String(config.service);
  const enabled = settings.email.services?.enabled;
  const issues: RuleIssue[] = [];
  if (enabled && !enabled.includes('*') && !enabled.includes(service)) {
    issues.push(fieldIssue('config', 'service', `[service]: "${service}" is not in the list of enabled email services: ${enabled.join(',')}`));
  }
  if (service === EXCHANGE) issues.push(...requirePair(config, 'clientId', 'tenantId'));
  else if (service === 'other') issues.push(...requirePair(config, 'host', 'port'));
  else if (!KNOWN_SERVICES.has(service.toLowerCase())) issues.push(fieldIssue('config', 'service', `[service] value '${service}' is not valid`));
  const sesHost = settings.email.services?.ses?.host;
  if (service === 'ses' && sesHost && !isUnset(config, 'host') && config.host !== sesHost) {
    issues.push(fieldIssue('config', 'host', `[ses.host]/[ses.port] does not match with the configured value.`, `host must be "${sesHost}" (actions.email.services.ses.host)`));
  }
  if (config.allowHtml === true && service === 'elastic_cloud') {
    issues.push(fieldIssue('config', 'allowHtml', 'HTML emails are not supported by the elastic_cloud service'));
  }
  return issues;
}

/** Kibana's `[host]/[port] is required` family: one issue per missing field, with the combined text when both are. */
function requirePair(config: JsonObject, first: string, second: string): RuleIssue[] {
  const missing = [first, second].filter((key) => isUnset(config, key));
  const text = missing.length === 2 ? `[${first}]/[${second}] is required` : `[${missing[0]}] is required`;
  const service = String(config.service);
  return missing.map((key) => fieldIssue('config', key, text, `[${key}] is required when service is "${service}"`));
}

function emailConfigRules({ config, settings }: RuleInput): RuleIssue[] {
  return [...checkFrom(String(config.from), settings), ...checkService(config, settings)];
}

function emailConnectorRules({ config, secrets }: RuleInput): RuleIssue[] {
  if (config.service === EXCHANGE) {
    return isUnset(secrets, 'clientSecret') ? [fieldIssue('secrets', 'clientSecret', '[clientSecret] is required', '[clientSecret] is required when service is "exchange_server"')] : [];
  }
  if (config.hasAuth !== true) return [];
  return ['user', 'password']
    .filter((key) => isUnset(secrets, key))
    .map((key) => fieldIssue('secrets', key, `[${key}] is required`, `[${key}] is required when hasAuth is true`));
}

/** Kibana's `.email` type. */
export const EMAIL_TYPE: ConnectorTypeSpec = defineType(
  { id: '.email', name: 'Email', category: ALERTING_AND_CASES, minimumLicense: 'gold', supportedFeatureIds: ALERTING_FEATURES },
  {
    allowedHostsFields: [{ part: 'config', key: 'host', kind: 'hostname' }, configUrl('oauthTokenUrl')],
    rules: { config: emailConfigRules, connector: emailConnectorRules },
  },
);
