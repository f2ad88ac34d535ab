import { fieldIssue, isUnset, type ConnectorTypeSpec, type RuleInput, type RuleIssue } from '../spec.js';
import { configUrl, defineType, GENAI_FEATURES, GENERATIVE_AI } from './common.js';

const genAi = { category: GENERATIVE_AI, minimumLicense: 'enterprise', supportedFeatureIds: GENAI_FEATURES } as const;

/**
 * `.gen-ai` secrets are a union Kibana picks by provider: OpenAI and Azure need `apiKey`;
 * Other takes `apiKey` or a PKI pair (`certificateData` with `privateKeyData`).
 */
function openAiCredentials({ config, secrets }: RuleInput): RuleIssue[] {
  const pki = !isUnset(secrets, 'certificateData') || !isUnset(secrets, 'privateKeyData');
  if (config.apiProvider !== 'Other') {
    const issues: RuleIssue[] = [];
    if (isUnset(secrets, 'apiKey')) issues.push(fieldIssue('secrets', 'apiKey', '[apiKey]: expected value of type [string] but got [undefined]'));
    for (const key of ['certificateData', 'privateKeyData', 'caData']) {
      if (!isUnset(secrets, key)) issues.push(fieldIssue('secrets', key, `[${key}]: definition for this key is missing`, `only the Other provider accepts ${key}`));
    }
    return issues;
  }
  if (pki && (isUnset(secrets, 'certificateData') || isUnset(secrets, 'privateKeyData'))) {
    const missing = isUnset(secrets, 'certificateData') ? 'certificateData' : 'privateKeyData';
    return [fieldIssue('secrets', missing, 'Both certificateData and privateKeyData must be provided for PKI authentication')];
  }
  if (!pki && isUnset(secrets, 'apiKey')) return [fieldIssue('secrets', 'apiKey', 'Either apiKey or certificateData and privateKeyData must be provided')];
  return [];
}

/** Kibana's generative-AI connector types. */
export const GENERATIVE_AI_TYPES: ConnectorTypeSpec[] = [
  defineType({ id: '.bedrock', name: 'Amazon Bedrock', ...genAi }, { allowedHostsFields: [configUrl('apiUrl', { httpOnly: true })], configurationError: 'Error configuring Amazon Bedrock action' }),
  defineType({ id: '.gemini', name: 'Google Gemini', ...genAi }, { allowedHostsFields: [configUrl('apiUrl', { httpOnly: true })] }),
  defineType(
    { id: '.gen-ai', name: 'OpenAI', ...genAi },
    { allowedHostsFields: [configUrl('apiUrl', { httpOnly: true })], configurationError: 'Error configuring OpenAI action', rules: { connector: openAiCredentials } },
  ),
  // `.inference` talks to Elasticsearch's _inference API, not to an outbound URL.
  defineType({ id: '.inference', name: 'AI Connector', ...genAi }),
];
