import { ALERTING_CASES } from './kibanaCasesAlerting.js';
import { CONFIG, CONNECTOR, eachRequired, NOT_ADDED, ONLY_OK, SECRETS, type TypeCase } from './kibanaCaseHelpers.js';

const snowNulls = { isOAuth: false, userIdentifierValue: null, clientId: null, jwtKeyId: null };
const snowOAuth = { apiUrl: 'https://snow.example.com', isOAuth: true, clientId: 'c', userIdentifierValue: 'u@example.com', jwtKeyId: 'k' };
const snowBasic = { config: { apiUrl: 'https://snow.example.com' }, secrets: { username: 'u', password: 'p' } };

function serviceNowCase(typeId: string, tableApi: boolean): TypeCase {
  const stored = { apiUrl: 'https://snow.example.com', ...snowNulls, ...(tableApi ? { usesTableApi: true } : {}) };
  return {
    typeId,
    accepted: [
      { title: 'basic auth', ...snowBasic, stored },
      { title: 'OAuth', config: snowOAuth, secrets: { clientSecret: 's', privateKey: 'k' }, stored: { ...snowOAuth, ...(tableApi ? { usesTableApi: true } : {}) } },
    ],
    refusals: [
      ...eachRequired('config', snowBasic, ['apiUrl']),
      { title: 'no credentials', config: snowBasic.config, secrets: {}, message: `${SECRETS}Either basic auth or OAuth credentials must be specified` },
      { title: 'username alone', config: snowBasic.config, secrets: { username: 'u' }, message: `${SECRETS}username and password must both be specified` },
      { title: 'clientSecret alone', config: snowBasic.config, secrets: { clientSecret: 's' }, message: `${SECRETS}clientSecret and privateKey must both be specified` },
      { title: 'OAuth without userIdentifierValue', config: { ...snowOAuth, userIdentifierValue: null }, secrets: { clientSecret: 's', privateKey: 'k' }, message: `${CONFIG}userIdentifierValue must be provided when isOAuth = true` },
      { title: 'OAuth without clientId', config: { ...snowOAuth, clientId: null }, secrets: { clientSecret: 's', privateKey: 'k' }, message: `${CONFIG}clientId must be provided when isOAuth = true` },
      { title: 'OAuth without jwtKeyId', config: { ...snowOAuth, jwtKeyId: null }, secrets: { clientSecret: 's', privateKey: 'k' }, message: `${CONFIG}jwtKeyId must be provided when isOAuth = true` },
      {
        title: 'OAuth with username and password',
        config: snowOAuth,
        secrets: { clientSecret: 's', privateKey: 'k', username: 'u', password: 'p' },
        message: `${CONNECTOR}Username and password should not be provided with isOAuth = true`,
      },
      {
        title: 'basic auth with an OAuth field',
        config: { ...snowBasic.config, clientId: 'c' },
        secrets: snowBasic.secrets,
        message: `${CONNECTOR}clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey should not be provided with isOAuth = false`,
      },
      { title: 'OAuth without clientSecret (sent)', config: snowOAuth, secrets: { privateKey: 'k', username: 'u', password: 'p' }, message: `${CONNECTOR}clientSecret must be provided when isOAuth = true` },
      { title: 'apiUrl not allowed', ...snowBasic, allowedHosts: ONLY_OK, message: `${CONFIG}error configuring connector action: target url "https://snow.example.com" ${NOT_ADDED}` },
    ],
  };
}

const emailSmtp = { config: { from: 'alerts@example.com', host: 'smtp.example.com', port: 587 }, secrets: { user: 'u', password: 'p' } };
const emailNulls = { secure: null, tenantId: null, clientId: null, oauthTokenUrl: null };
const exchange = { from: 'alerts@example.com', service: 'exchange_server', clientId: 'c', tenantId: 't' };

const EMAIL: TypeCase = {
  typeId: '.email',
  accepted: [
    { title: 'SMTP with auth', ...emailSmtp, stored: { ...emailSmtp.config, service: 'other', hasAuth: true, ...emailNulls } },
    { title: "Kibana's JSON transport, no host or port", config: { from: 'alerts@example.com', service: '__json' }, secrets: {}, stored: { from: 'alerts@example.com', service: '__json', host: null, port: null, hasAuth: true, ...emailNulls } },
    { title: 'hasAuth false and no secrets', config: { ...emailSmtp.config, hasAuth: false }, secrets: {}, stored: { ...emailSmtp.config, service: 'other', hasAuth: false, ...emailNulls } },
    { title: 'hasAuth not sent and no secrets (stored as true)', config: emailSmtp.config, secrets: {}, stored: { ...emailSmtp.config, service: 'other', hasAuth: true, ...emailNulls } },
    { title: 'a well-known service', config: { from: 'alerts@example.com', service: 'gmail' }, secrets: { user: 'u', password: 'p' }, stored: { from: 'alerts@example.com', service: 'gmail', host: null, port: null, hasAuth: true, ...emailNulls } },
    { title: 'Exchange', config: exchange, secrets: { clientSecret: 's' }, stored: { ...exchange, host: null, port: null, secure: null, hasAuth: true, oauthTokenUrl: null } },
  ],
  refusals: [
    ...eachRequired('config', emailSmtp, ['from']),
    { title: 'allowHtml (a 9.3+ key)', config: { ...emailSmtp.config, allowHtml: true }, secrets: emailSmtp.secrets, message: `${CONFIG}[allowHtml]: definition for this key is missing` },
    { title: 'other without host and port', config: { from: 'alerts@example.com' }, secrets: {}, message: `${CONFIG}[host]/[port] is required` },
    { title: 'other without host', config: { from: 'alerts@example.com', port: 25 }, secrets: {}, message: `${CONFIG}[host] is required` },
    { title: 'other without port', config: { from: 'alerts@example.com', host: 'smtp.example.com' }, secrets: {}, message: `${CONFIG}[port] is required` },
    { title: 'Exchange without ids', config: { from: 'alerts@example.com', service: 'exchange_server' }, secrets: { clientSecret: 's' }, message: `${CONFIG}[clientId]/[tenantId] is required` },
    { title: 'Exchange without tenantId', config: { ...exchange, tenantId: null }, secrets: { clientSecret: 's' }, message: `${CONFIG}[tenantId] is required` },
    { title: 'Exchange without clientSecret', config: exchange, secrets: {}, message: `${CONNECTOR}[clientSecret] is required` },
    { title: 'hasAuth sent as true, no user', config: { ...emailSmtp.config, hasAuth: true }, secrets: {}, message: `${CONNECTOR}[user] is required` },
    { title: 'hasAuth sent as true, no password', config: { ...emailSmtp.config, hasAuth: true }, secrets: { user: 'u' }, message: `${CONNECTOR}[password] is required` },
    { title: 'an unknown service', config: { from: 'alerts@example.com', service: 'carrier-pigeon' }, secrets: {}, message: `${CONFIG}[service] value 'carrier-pigeon' is not valid` },
    {
      title: 'port of the wrong type',
      config: { ...emailSmtp.config, port: 'twenty-five' },
      secrets: emailSmtp.secrets,
      message: `${CONFIG}[port]: types that failed validation:\n- [port.0]: expected value of type [number] but got [string]\n- [port.1]: expected value to equal [null]`,
    },
    { title: 'host not allowed', ...emailSmtp, allowedHosts: ONLY_OK, message: `${CONFIG}[host] value 'smtp.example.com' is not in the allowedHosts configuration` },
    {
      title: "a service's host not allowed",
      config: { from: 'alerts@example.com', service: 'gmail' },
      secrets: {},
      allowedHosts: ONLY_OK,
      message: `${CONFIG}[service] value 'gmail' resolves to host 'smtp.gmail.com' which is not in the allowedHosts configuration`,
    },
  ],
};

const INDEX: TypeCase = {
  typeId: '.index',
  accepted: [{ title: 'minimal', config: { index: 'logs' }, secrets: {}, stored: { index: 'logs', refresh: false, executionTimeField: null } }],
  refusals: [
    ...eachRequired('config', { config: { index: 'logs' }, secrets: {} }, ['index']),
    { title: 'unknown key', config: { index: 'logs', indexName: 'x' }, secrets: {}, message: `${CONFIG}[indexName]: definition for this key is missing` },
  ],
};

const SERVER_LOG: TypeCase = {
  typeId: '.server-log',
  accepted: [{ title: 'minimal', config: {}, secrets: {}, stored: {} }],
  refusals: [{ title: 'unknown secrets key', config: {}, secrets: { token: 'x' }, message: `${SECRETS}[token]: definition for this key is missing` }],
};

/** Every type kcr can create through the API (the two system action types are not created). */
export const KIBANA_CASES: TypeCase[] = [
  INDEX,
  SERVER_LOG,
  EMAIL,
  serviceNowCase('.servicenow', true),
  serviceNowCase('.servicenow-sir', true),
  serviceNowCase('.servicenow-itom', false),
  ...ALERTING_CASES,
];
