/**
 * How Kibana validates each connector type, and with which words: the table behind every
 * `kibanaMessage` kcr gives.
 *
 * kcr follows the last Kibana releases that validate connectors with `@kbn/config-schema`:
 * 8.x up to 8.19 and 9.0 up to 9.2 (kcr answers `/api/status` as 8.17.0). There the actions
 * plugin (`lib/validate_with_schema.ts`) puts one prefix per phase before the validator's text:
 *
 * | phase     | prefix                                        | what fails there                              |
 * |-----------|-----------------------------------------------|-----------------------------------------------|
 * | config    | `error validating action type config: `       | the config schema, then the type's config validator (allowedHosts included) |
 * | secrets   | `error validating action type secrets: `      | the secrets schema, then the type's secrets validator |
 * | connector | `error validating action type connector: `    | the type's cross-field validator over config and secrets |
 *
 * Each phase throws on its first problem, so Kibana's answer is the first issue of the first
 * failing phase; config-schema names the first failing key in the schema's key order
 * (unknown keys after every declared one). Kibana 9.3 and later moved every type to zod with the
 * prefixes `error validating connector type config: ` / `... secrets: ` and zod's own texts
 * (`Field "apiUrl": Required`); kcr does not speak that dialect.
 */
export type KibanaPhase = 'config' | 'secrets' | 'connector';

export const KIBANA_PHASE_PREFIXES: Readonly<Record<KibanaPhase, string>> = {
  config: 'error validating action type config: ',
  secrets: 'error validating action type secrets: ',
  connector: 'error validating action type connector: ',
};

/** Which library checks a type's config and secrets schemas (in the Kibana releases kcr follows). */
export type SchemaValidatorKind = 'config-schema';

export interface KibanaTypeValidation {
  validator: SchemaValidatorKind;
  /** Kibana's own texts for this type's cross-field rules, by the phase that reports them. */
  crossFieldTexts: Partial<Record<KibanaPhase, readonly string[]>>;
}

const PLAIN: KibanaTypeValidation = { validator: 'config-schema', crossFieldTexts: {} };
const NOT_ADDED = 'is not added to the Kibana config xpack.actions.allowedHosts';
/** The sub-action framework's `urlAllowListValidator`. */
const SUB_ACTION: KibanaTypeValidation = { validator: 'config-schema', crossFieldTexts: { config: [`error validating url: target url "<url>" ${NOT_ADDED}`] } };
/** The case-management types' ALLOWED_HOSTS_ERROR (Jira, ServiceNow, IBM Resilient, Swimlane). */
const CASES_HOST = `error configuring connector action: target url "<url>" ${NOT_ADDED}`;
const WEBHOOK_SECRETS = 'must specify one of the following schemas: user and password; crt and key (with optional password); pfx (with optional password); or clientSecret (for OAuth2)';
const WEBHOOK_CONFIG = 'error validation webhook action config: ';

/** The generative-AI types' config validator: assertURL, then urlAllowListValidator, inside `Error configuring <title> action: Error: ...`. */
function generativeAi(title: string, secrets: readonly string[] = []): KibanaTypeValidation {
  const prefix = `Error configuring ${title} action: Error: `;
  return {
    validator: 'config-schema',
    crossFieldTexts: {
      config: [`${prefix}URL Error: Invalid URL`, `${prefix}URL Error: URL must contain hostname`, `${prefix}URL Error: Invalid protocol`, `${prefix}error validating url: target url "<url>" ${NOT_ADDED}`],
      secrets,
    },
  };
}

/** A Slack-style secret webhookUrl (kcr names only the host of a refused secret URL). */
function webhookUrlSecret(type: string): KibanaTypeValidation {
  return {
    validator: 'config-schema',
    crossFieldTexts: { secrets: [`error configuring ${type} action: unable to parse host name from webhookUrl`, `error configuring ${type} action: target hostname "<host>" ${NOT_ADDED}`] },
  };
}

/**
 * Per type id: the validator and the texts of its own rules (`<x>` stands for a value). Schema
 * failures are config-schema's words (`[key]: expected value of type [string] but got [undefined]`,
 * `[key]: definition for this key is missing`, `types that failed validation:` for unions and
 * nullable fields) and are not repeated here.
 */
export const KIBANA_TYPE_VALIDATION: Readonly<Record<string, KibanaTypeValidation>> = {
  '.bedrock': generativeAi('Amazon Bedrock'),
  '.gemini': generativeAi('Google Gemini'),
  '.gen-ai': generativeAi('OpenAI', [
    '[apiKey]: expected value of type [string] but got [undefined]',
    'Certificate data must be provided for PKI',
    'Private key data must be provided for PKI',
    'Invalid <label> file format: The file must be a PEM-encoded <kind> beginning with <headers>.',
  ]),
  '.inference': PLAIN,
  '.index': PLAIN,
  '.server-log': PLAIN,
  '.observability-ai-assistant': PLAIN,
  '.cases': PLAIN,
  '.email': {
    validator: 'config-schema',
    crossFieldTexts: {
      config: [
        '[service]: "<setting>" is not in the list of enabled email services: <list>',
        '[from]: <email problem>',
        "[oauthTokenUrl]: host name value for '<url>' is not in the allowedHosts configuration",
        '[clientId]/[tenantId] is required',
        '[clientId] is required',
        '[tenantId] is required',
        '[ses.host]/[ses.port] does not match with the configured AWS SES host/port combination',
        '[ses.host] does not match with the configured AWS SES host',
        '[ses.port] does not match with the configured AWS SES port',
        '[host]/[port] is required',
        '[host] is required',
        '[port] is required',
        "[host] value '<host>' is not in the allowedHosts configuration",
        "[service] value '<service>' is not valid",
        "[service] value '<service>' resolves to host '<host>' which is not in the allowedHosts configuration",
      ],
      connector: ['[clientSecret] is required', '[user] is required', '[password] is required'],
    },
  },
  '.webhook': {
    validator: 'config-schema',
    crossFieldTexts: {
      config: [
        `${WEBHOOK_CONFIG}unable to parse url: TypeError: Invalid URL`,
        `${WEBHOOK_CONFIG}target url "<url>" ${NOT_ADDED}`,
        `${WEBHOOK_CONFIG}authType must be null or undefined if hasAuth is false`,
        `${WEBHOOK_CONFIG}certType "ssl-pfx" is disabled`,
        `${WEBHOOK_CONFIG}additionalFields must be a non-empty JSON object.`,
        `${WEBHOOK_CONFIG}missing <fields> fields`,
      ],
      secrets: [WEBHOOK_SECRETS],
    },
  },
  '.cases-webhook': {
    validator: 'config-schema',
    crossFieldTexts: {
      config: [
        'OAuth2 authentication is not supported for cases webhook connector',
        'error configuring cases webhook action: unable to parse <url>: TypeError: Invalid URL',
        `error configuring cases webhook action: target url "<url>" ${NOT_ADDED}`,
      ],
      secrets: [WEBHOOK_SECRETS],
      connector: ['must specify a secrets configuration'],
    },
  },
  '.servicenow': serviceNow(),
  '.servicenow-sir': serviceNow(),
  '.servicenow-itom': serviceNow(),
  '.xmatters': {
    validator: 'config-schema',
    crossFieldTexts: {
      config: ['Error configuring xMatters action: unable to parse url: Invalid URL', `Error configuring xMatters action: target url "<url>" ${NOT_ADDED}`],
      secrets: [
        'Provide either secretsUrl link or user/password to authenticate',
        'Cannot use user/password for URL authentication. Provide valid secretsUrl or use Basic Authentication.',
        'Invalid secretsUrl: TypeError: Invalid URL',
        `target hostname "<host>" ${NOT_ADDED}`,
        'Both user and password must be specified.',
      ],
      connector: [
        'secretsUrl should not be provided when usesBasic is true',
        'Provide valid Username',
        'Provide valid Password',
        'Provide valid configUrl',
        'Username and password should not be provided when usesBasic is false',
        'configUrl should not be provided when usesBasic is false',
        'Provide valid secretsUrl with API Key',
      ],
    },
  },
  '.slack': webhookUrlSecret('slack'),
  '.teams': webhookUrlSecret('teams'),
  '.slack_api': { validator: 'config-schema', crossFieldTexts: { secrets: [`error configuring slack action: target url "https://slack.com/api/" ${NOT_ADDED}`] } },
  '.pagerduty': { validator: 'config-schema', crossFieldTexts: { config: [`error configuring pagerduty action: target url "<url>" ${NOT_ADDED}`] } },
  '.torq': {
    validator: 'config-schema',
    crossFieldTexts: {
      config: [
        'error configuring send to Torq action: unable to parse url: TypeError: Invalid URL',
        `error configuring send to Torq action: target url "<url>" ${NOT_ADDED}`,
        'error configuring send to Torq action: url must begin with https://hooks.torq.io or https://hooks.eu.torq.io',
      ],
    },
  },
  '.resilient': { validator: 'config-schema', crossFieldTexts: { config: [CASES_HOST] } },
  '.jira': { validator: 'config-schema', crossFieldTexts: { config: [CASES_HOST] } },
  '.swimlane': { validator: 'config-schema', crossFieldTexts: { config: [CASES_HOST] } },
  '.jira-service-management': SUB_ACTION,
  '.opsgenie': SUB_ACTION,
  '.thehive': SUB_ACTION,
  '.tines': SUB_ACTION,
  '.xsoar': SUB_ACTION,
  '.d3security': SUB_ACTION,
  '.sentinelone': SUB_ACTION,
  '.crowdstrike': SUB_ACTION,
  '.microsoft_defender_endpoint': SUB_ACTION,
};

function serviceNow(): KibanaTypeValidation {
  const missing = (key: string, isOAuth: boolean): string => `${key} must be provided when isOAuth = ${isOAuth}`;
  return {
    validator: 'config-schema',
    crossFieldTexts: {
      config: [CASES_HOST, missing('userIdentifierValue', true), missing('clientId', true), missing('jwtKeyId', true)],
      secrets: ['Either basic auth or OAuth credentials must be specified', 'username and password must both be specified', 'clientSecret and privateKey must both be specified'],
      connector: [
        ...['userIdentifierValue', 'clientId', 'jwtKeyId', 'clientSecret', 'privateKey'].map((key) => missing(key, true)),
        'Username and password should not be provided with isOAuth = true',
        missing('username', false),
        missing('password', false),
        'clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey should not be provided with isOAuth = false',
      ],
    },
  };
}

/** True when `detail` is one of the type's own texts for that phase (`<x>` matches any value). */
export function isKnownCrossFieldText(typeId: string, phase: KibanaPhase, detail: string): boolean {
  const texts = KIBANA_TYPE_VALIDATION[typeId]?.crossFieldTexts[phase] ?? [];
  return texts.some((text) => new RegExp(`^${text.split(/<[^>]+>/).map(escapeRegExp).join('[\\s\\S]*')}$`).test(detail));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Kibana's full message for a phase's problem. */
export function kibanaMessageFor(phase: KibanaPhase, detail: string): string {
  return `${KIBANA_PHASE_PREFIXES[phase]}${detail}`;
}
