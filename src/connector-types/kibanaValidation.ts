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
const ALLOWED_URL = ['target url "<url>" is not added to the Kibana config xpack.actions.allowedHosts'];
const WEBHOOK_SECRETS = [
  'must specify one of the following schemas: user and password; crt and key (with optional password); pfx (with optional password); or clientSecret (for OAuth2)',
];

/** Per type id: the validator and the texts of its cross-field rules (`<x>` stands for a value). */
export const KIBANA_TYPE_VALIDATION: Readonly<Record<string, KibanaTypeValidation>> = {
  '.bedrock': { validator: 'config-schema', crossFieldTexts: { config: ['Error configuring Amazon Bedrock action: Error: error validating url: target url "<url>" is not added to the Kibana config xpack.actions.allowedHosts'] } },
  '.gemini': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.gen-ai': { validator: 'config-schema', crossFieldTexts: { config: ['Error configuring OpenAI action: Error: error validating url: target url "<url>" is not added to the Kibana config xpack.actions.allowedHosts'] } },
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
        '[from]: not valid emails: <from>',
        '[clientId]/[tenantId] is required',
        '[clientId] is required',
        '[tenantId] is required',
        '[ses.host]/[ses.port] does not match with the configured AWS SES host/port combination',
        '[ses.host] does not match with the configured AWS SES host',
        '[ses.port] does not match with the configured AWS SES port',
        '[ses.secure] must be <secure> for AWS SES',
        '[host]/[port] is required',
        '[host] is required',
        '[port] is required',
        "[host] value '<host>' is not in the allowedHosts configuration",
        "[service] value '<service>' is not valid",
        "[service] value '<service>' resolves to host '<host>' which is not in the allowedHosts configuration",
        "[oauthTokenUrl]: host name value for '<url>' is not in the allowedHosts configuration",
      ],
      connector: ['[clientSecret] is required', '[user] is required', '[password] is required'],
    },
  },
  '.webhook': { validator: 'config-schema', crossFieldTexts: { config: ['error configuring webhook action: unable to parse url: <error>', ...ALLOWED_URL], secrets: WEBHOOK_SECRETS } },
  '.cases-webhook': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL, secrets: WEBHOOK_SECRETS } },
  '.servicenow': serviceNow(),
  '.servicenow-sir': serviceNow(),
  '.servicenow-itom': serviceNow(),
  '.xmatters': {
    validator: 'config-schema',
    crossFieldTexts: {
      config: ['Provide valid configUrl', 'Specify configUrl only when usesBasic is true'],
      secrets: ['Provide either secretsUrl link or user/password to authenticate'],
      connector: ['Provide valid Username and Password', 'Provide valid secretsUrl'],
    },
  },
  '.slack': { validator: 'config-schema', crossFieldTexts: { secrets: ['error configuring slack action: target hostname "<host>" is not added to the Kibana config xpack.actions.allowedHosts'] } },
  '.slack_api': { validator: 'config-schema', crossFieldTexts: { secrets: ['error configuring slack action: target hostname "slack.com" is not added to the Kibana config xpack.actions.allowedHosts'] } },
  '.pagerduty': { validator: 'config-schema', crossFieldTexts: { config: ['error configuring pagerduty action: target url "<url>" is not added to the Kibana config xpack.actions.allowedHosts'] } },
  '.teams': { validator: 'config-schema', crossFieldTexts: { secrets: ['error configuring teams action: target hostname "<host>" is not added to the Kibana config xpack.actions.allowedHosts'] } },
  '.torq': { validator: 'config-schema', crossFieldTexts: { config: ['error configuring send to Torq action: url must begin with https://hooks.torq.io or https://hooks.eu.torq.io'] } },
  '.resilient': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.jira': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.jira-service-management': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.opsgenie': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.swimlane': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.thehive': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.tines': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.xsoar': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.d3security': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.sentinelone': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.crowdstrike': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
  '.microsoft_defender_endpoint': { validator: 'config-schema', crossFieldTexts: { config: ALLOWED_URL } },
};

function serviceNow(): KibanaTypeValidation {
  return {
    validator: 'config-schema',
    crossFieldTexts: {
      config: ['error configuring connector action: target url "<url>" is not added to the Kibana config xpack.actions.allowedHosts'],
      secrets: ['Either basic auth or OAuth credentials must be specified', 'username and password must both be specified', 'clientSecret and privateKey must both be specified'],
      connector: [
        'clientId must be provided when isOAuth = true',
        'userIdentifierValue must be provided when isOAuth = true',
        'jwtKeyId must be provided when isOAuth = true',
        'clientSecret and privateKey must both be specified when isOAuth = true',
        'Username and password must not be provided when isOAuth = true',
        'username and password must both be specified when isOAuth = false',
        'clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey should not be provided with isOAuth = false',
      ],
    },
  };
}

/** Kibana's full message for a phase's problem. */
export function kibanaMessageFor(phase: KibanaPhase, detail: string): string {
  return `${KIBANA_PHASE_PREFIXES[phase]}${detail}`;
}
