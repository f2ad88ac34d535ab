import type { JsonObject } from '../../model/json.js';
import type { PropertySchema } from '../schemaDefaults.js';
import { fieldIssue, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { assertedUrl, defineType, GENAI_FEATURES, GENERATIVE_AI } from './common.js';

const genAi = { category: GENERATIVE_AI, minimumLicense: 'enterprise', supportedFeatureIds: GENAI_FEATURES } as const;

const PEM_HEADERS = { CERTIFICATE: ['-----BEGIN CERTIFICATE-----'], 'PRIVATE KEY': ['-----BEGIN PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----'] } as const;

/** Kibana's check of base64 PEM data: once decoded, it must hold the header of its kind. */
function pemIssue(secrets: JsonObject, key: string, kind: keyof typeof PEM_HEADERS, label: string): RuleIssue[] {
  const decoded = Buffer.from(String(secrets[key]), 'base64').toString();
  if (decoded === '' || PEM_HEADERS[kind].some((header) => decoded.includes(header))) return [];
  const headers = PEM_HEADERS[kind].map((header) => `"${header}"`).join(' or ');
  return [fieldIssue('secrets', key, `Invalid ${label} file format: The file must be a PEM-encoded ${kind.toLowerCase()} beginning with ${headers}.`, `expected base64 PEM data beginning with ${headers}`)];
}

/**
 * `.gen-ai` secrets, after the schema (a union of `{apiKey}` and the optional PKI fields): with
 * certificateData or privateKeyData it is PKI (both needed, each PEM), otherwise apiKey is needed.
 * Kibana checks this for every provider, in the secrets phase.
 */
function openAiSecretsRules({ secrets }: RuleInput): RuleIssue[] {
  if (secrets.certificateData || secrets.privateKeyData) {
    if (!secrets.certificateData) return [fieldIssue('secrets', 'certificateData', 'Certificate data must be provided for PKI')];
    if (!secrets.privateKeyData) return [fieldIssue('secrets', 'privateKeyData', 'Private key data must be provided for PKI')];
    return [
      ...pemIssue(secrets, 'certificateData', 'CERTIFICATE', 'Certificate data'),
      ...pemIssue(secrets, 'privateKeyData', 'PRIVATE KEY', 'Private key data'),
      ...(secrets.caData ? pemIssue(secrets, 'caData', 'CERTIFICATE', 'CA certificate data') : []),
    ];
  }
  if (!secrets.apiKey) return [fieldIssue('secrets', 'apiKey', '[apiKey]: expected value of type [string] but got [undefined]')];
  return [];
}

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const headers = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** `.gen-ai` config as Kibana declares it: one object per provider, in this order and key order. */
const OPENAI_CONFIG_UNION: PropertySchema[] = [
  { properties: { apiProvider: { const: 'Azure OpenAI' }, apiUrl: str, headers, contextWindowLength: num, temperature: num }, required: ['apiProvider', 'apiUrl'] },
  {
    properties: { apiProvider: { const: 'OpenAI' }, apiUrl: str, organizationId: str, projectId: str, defaultModel: str, headers, contextWindowLength: num, temperature: num },
    required: ['apiProvider', 'apiUrl'],
  },
  {
    properties: {
      apiProvider: { const: 'Other' }, apiUrl: str, defaultModel: str, verificationMode: { enum: ['full', 'certificate', 'none'] }, headers,
      contextWindowLength: num, temperature: num, enableNativeFunctionCalling: { type: 'boolean' },
    },
    required: ['apiProvider', 'apiUrl', 'defaultModel'],
  },
];

/** `.gen-ai` secrets: `{apiKey}`, or the optional apiKey and PKI fields (each at least one character). */
const nonEmpty = { type: 'string', minLength: 1 } as const;
const OPENAI_SECRETS_UNION: PropertySchema[] = [
  { properties: { apiKey: str }, required: ['apiKey'] },
  { properties: { apiKey: nonEmpty, certificateData: nonEmpty, privateKeyData: nonEmpty, caData: nonEmpty } },
];

/** Kibana's generative-AI connector types. */
export const GENERATIVE_AI_TYPES: ConnectorTypeSpec[] = [
  defineType({ id: '.bedrock', name: 'Amazon Bedrock', ...genAi }, { allowedHostsFields: [assertedUrl('apiUrl', 'Amazon Bedrock')] }),
  defineType({ id: '.gemini', name: 'Google Gemini', ...genAi }, { allowedHostsFields: [assertedUrl('apiUrl', 'Google Gemini')] }),
  defineType(
    { id: '.gen-ai', name: 'OpenAI', ...genAi },
    { allowedHostsFields: [assertedUrl('apiUrl', 'OpenAI')], rules: { secrets: openAiSecretsRules }, schemaUnions: { config: OPENAI_CONFIG_UNION, secrets: OPENAI_SECRETS_UNION } },
  ),
  // `.inference` talks to Elasticsearch's _inference API, not to an outbound URL.
  defineType({ id: '.inference', name: 'AI Connector', ...genAi }),
];
