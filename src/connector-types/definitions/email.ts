import { isHostAllowed, parseUrl } from '../allowedHosts.js';
import type { ActionsSettings } from '../../config/types.js';
import type { JsonObject } from '../../model/json.js';
import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { ALERTING_AND_CASES, ALERTING_FEATURES, defineType } from './common.js';

/**
 * nodemailer's well-known services (lower-cased names and aliases) with the SMTP host each
 * resolves to, plus Kibana's `elastic_cloud`; Kibana checks that host against allowedHosts.
 */
const WELL_KNOWN_HOSTS: Readonly<Record<string, string>> = {
  elastic_cloud: 'dockerhost', ses: 'email-smtp.us-east-1.amazonaws.com', gmail: 'smtp.gmail.com', googlemail: 'smtp.gmail.com',
  hotmail: 'smtp-mail.outlook.com', outlook: 'smtp-mail.outlook.com', live: 'smtp-mail.outlook.com', outlook365: 'smtp.office365.com',
  icloud: 'smtp.mail.me.com', yahoo: 'smtp.mail.yahoo.com', ymail: 'smtp.mail.yahoo.com', aol: 'smtp.aol.com', zoho: 'smtp.zoho.com',
  fastmail: 'smtp.fastmail.com', gandimail: 'mail.gandi.net', godaddy: 'smtpout.secureserver.net', 'mail.ru': 'smtp.mail.ru',
  yandex: 'smtp.yandex.ru', qq: 'smtp.qq.com', qqex: 'smtp.exmail.qq.com', '126': 'smtp.126.com', '163': 'smtp.163.com',
  sendgrid: 'smtp.sendgrid.net', mailgun: 'smtp.mailgun.org', mailjet: 'in.mailjet.com', postmark: 'smtp.postmarkapp.com',
  sendinblue: 'smtp-relay.brevo.com', brevo: 'smtp-relay.brevo.com', mandrill: 'smtp.mandrillapp.com', sparkpost: 'smtp.sparkpostmail.com',
  sendpulse: 'smtp-pulse.com', sendcloud: 'smtp.sendcloud.net', ohmyserver: 'smtp.ohmyserver.com', openmailbox: 'smtp.openmailbox.org', 'hot.ee': 'mail.hot.ee',
};

/** Kibana's JSON transport (nodemailer's jsonTransport, for tests): no host, port or service check. */
const JSON_TRANSPORT = '__json';
const EXCHANGE = 'exchange_server';

/** The `xpack.actions.email.services.enabled` name of each service Kibana can switch off. */
const KBN_SETTING: Readonly<Record<string, string>> = {
  gmail: 'google-mail', outlook365: 'microsoft-outlook', ses: 'amazon-ses', elastic_cloud: 'elastic-cloud', exchange_server: 'microsoft-exchange', other: 'other',
};

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

/**
 * Kibana's email config validator, in its order: enabled services, the sender, the Exchange
 * OAuth token URL, then per service: `__json` needs nothing more; Exchange needs clientId and
 * tenantId; SES must match `email.services.ses`; `other` needs host and port (the host allowed);
 * any other service must be a well-known one whose host is allowed.
 */
function emailConfigRules({ config, settings }: RuleInput): RuleIssue[] {
  const service = String(config.service);
  const issues: RuleIssue[] = [];
  const enabled = settings.email.services?.enabled ?? ['*'];
  const setting = Object.hasOwn(KBN_SETTING, service) ? KBN_SETTING[service] : undefined;
  if (setting !== undefined && !enabled.includes('*') && !enabled.includes(setting)) {
    issues.push(fieldIssue('config', 'service', `[service]: "${setting}" is not in the list of enabled email services: ${enabled.join(',')}`));
  }
  issues.push(...checkFrom(String(config.from), settings));
  const tokenUrl = config.oauthTokenUrl;
  if (typeof tokenUrl === 'string' && tokenUrl !== '' && !isUrlAllowed(tokenUrl, settings.allowedHosts)) {
    issues.push(fieldIssue('config', 'oauthTokenUrl', `[oauthTokenUrl]: host name value for '${tokenUrl}' is not in the allowedHosts configuration`));
  }
  return [...issues, ...serviceIssues(service, config, settings)];
}

function isUrlAllowed(url: string, allowedHosts: readonly string[]): boolean {
  return parseUrl(url) !== undefined && isHostAllowed(url, allowedHosts);
}

function serviceIssues(service: string, config: JsonObject, settings: ActionsSettings): RuleIssue[] {
  if (service === JSON_TRANSPORT) return [];
  if (service === EXCHANGE) return requirePair(config, 'clientId', 'tenantId');
  const ses = settings.email.services?.ses;
  if (service === 'ses' && ses?.host !== undefined && ses.port !== undefined) return sesIssues(config, ses.host, ses.port);
  if (service === 'other') {
    const missing = requirePair(config, 'host', 'port');
    if (missing.length > 0) return missing;
    const host = String(config.host);
    if (isHostAllowed(host, settings.allowedHosts)) return [];
    return [fieldIssue('config', 'host', `[host] value '${host}' is not in the allowedHosts configuration`, `host "${host}" must be listed in actions.allowedHosts`)];
  }
  const host = wellKnownHost(service);
  if (host === undefined) return [fieldIssue('config', 'service', `[service] value '${service}' is not valid`)];
  if (isHostAllowed(host, settings.allowedHosts)) return [];
  return [fieldIssue('config', 'service', `[service] value '${service}' resolves to host '${host}' which is not in the allowedHosts configuration`, `host "${host}" (of service "${service}") must be listed in actions.allowedHosts`)];
}

/** nodemailer looks names up case-insensitively, without characters other than letters, digits, `.`, `-` and `_`. */
function wellKnownHost(service: string): string | undefined {
  const key = service.toLowerCase().replace(/[^a-z0-9.\-_]/g, '');
  return Object.hasOwn(WELL_KNOWN_HOSTS, key) ? WELL_KNOWN_HOSTS[key] : undefined;
}

function sesIssues(config: JsonObject, host: string, port: number): RuleIssue[] {
  const hostDiffers = config.host !== host;
  const portDiffers = config.port !== port;
  if (hostDiffers && portDiffers) return [fieldIssue('config', 'host', '[ses.host]/[ses.port] does not match with the configured AWS SES host/port combination', `host and port must be "${host}" and ${port} (actions.email.services.ses)`)];
  if (hostDiffers) return [fieldIssue('config', 'host', '[ses.host] does not match with the configured AWS SES host', `host must be "${host}" (actions.email.services.ses.host)`)];
  if (portDiffers) return [fieldIssue('config', 'port', '[ses.port] does not match with the configured AWS SES port', `port must be ${port} (actions.email.services.ses.port)`)];
  return [];
}

/** Kibana's `[a]/[b] is required` family: the combined text when both are missing, else the one missing. */
function requirePair(config: JsonObject, first: string, second: string): RuleIssue[] {
  const missing = [first, second].filter((key) => isUnset(config, key));
  const text = missing.length === 2 ? `[${first}]/[${second}] is required` : `[${missing[0]}] is required`;
  const service = String(config.service);
  return missing.map((key) => fieldIssue('config', key, text, `[${key}] is required when service is "${service}"`));
}

/** Kibana's email connector validator: Exchange needs clientSecret; with hasAuth, user then password. */
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
    rules: { config: emailConfigRules, connector: emailConnectorRules },
  },
);
